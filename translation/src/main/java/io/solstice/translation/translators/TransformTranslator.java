package io.solstice.translation.translators;

import org.apache.beam.sdk.runners.TransformHierarchy;

/** Translates one kind of primitive transform, identified by URN, into a graph node. */
public interface TransformTranslator {

  /** Whether this translator handles this instance; another translator of the URN may. */
  default boolean canTranslate(TransformHierarchy.Node node, TranslationContext context) {
    return true;
  }

  void translate(TransformHierarchy.Node node, TranslationContext context);
}

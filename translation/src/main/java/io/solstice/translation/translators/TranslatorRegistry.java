package io.solstice.translation.translators;

import io.solstice.translation.overrides.CombineAlsoByWindow;
import io.solstice.translation.overrides.GroupAlsoByWindow;
import io.solstice.translation.overrides.KeyedShuffle;
import io.solstice.translation.overrides.MaterializeView;
import io.solstice.translation.overrides.MergeAccumulators;
import io.solstice.translation.overrides.PartialCombine;
import io.solstice.translation.overrides.Rebalance;
import io.solstice.translation.overrides.SplittableProcess;
import io.solstice.translation.overrides.StatefulParDo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.util.construction.PTransformTranslation;

/** Translators by URN: Beam's primitives and Solstice's own runner primitives. */
public final class TranslatorRegistry {
  private final Map<String, List<TransformTranslator>> translators = new HashMap<>();

  public static TranslatorRegistry standard() {
    TranslatorRegistry registry = new TranslatorRegistry();
    registry.register(PTransformTranslation.IMPULSE_TRANSFORM_URN, new PassThroughTranslators.Impulse());
    registry.register(PTransformTranslation.READ_TRANSFORM_URN, new ReadTranslator());
    registry.register(PTransformTranslation.TEST_STREAM_TRANSFORM_URN, new TestStreamTranslator());
    registry.register(PTransformTranslation.PAR_DO_TRANSFORM_URN, new ParDoTranslator());
    registry.register(PTransformTranslation.FLATTEN_TRANSFORM_URN, new PassThroughTranslators.Flatten());
    registry.register(PTransformTranslation.ASSIGN_WINDOWS_TRANSFORM_URN, new AssignWindowsTranslator());
    registry.register(KeyedShuffle.URN, new PassThroughTranslators.KeyedShuffle(false));
    registry.register(KeyedShuffle.RANDOM_KEYS_URN, new PassThroughTranslators.KeyedShuffle(true));
    registry.register(Rebalance.URN, new PassThroughTranslators.Rebalance());
    registry.register(MaterializeView.URN, new PassThroughTranslators.Materialize());
    registry.register(GroupAlsoByWindow.URN, new GroupingTranslators.GroupAlsoByWindow());
    registry.register(CombineAlsoByWindow.URN, new GroupingTranslators.CombineInWindows());
    registry.register(PartialCombine.URN, new GroupingTranslators.Partial());
    registry.register(MergeAccumulators.URN, new GroupingTranslators.Merge());
    registry.register(StatefulParDo.URN, new StatefulParDoTranslator());
    registry.register(SplittableProcess.URN, new SplittableProcessTranslator());
    return registry;
  }

  public void register(String urn, TransformTranslator translator) {
    translators.computeIfAbsent(urn, u -> new ArrayList<>()).add(translator);
  }

  /** The first translator of the node's URN that can translate it, or null. */
  public TransformTranslator lookup(TransformHierarchy.Node node, TranslationContext context) {
    String urn = PTransformTranslation.urnForTransformOrNull(node.getTransform());
    for (TransformTranslator translator : translators.getOrDefault(urn, List.of())) {
      if (translator.canTranslate(node, context)) {
        return translator;
      }
    }
    return null;
  }
}

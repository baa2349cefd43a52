package io.solstice.translation;

/**
 * A pipeline uses a Beam feature Solstice cannot run. Raised at translation time, before anything
 * runs, naming the transform and the feature.
 */
public final class UnsupportedFeatureException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UnsupportedFeatureException(String transform, String feature) {
    super(
        "SolsticeRunner cannot run transform '"
            + transform
            + "': "
            + feature
            + " is not supported yet. Run this pipeline on another runner, or remove the feature.");
  }
}

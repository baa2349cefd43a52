package io.solstice.translation.runtime.operators;

import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.reflect.DoFnSignature;
import org.apache.beam.sdk.transforms.reflect.DoFnSignatures;

/** Whether a DoFn asks for a bundle finalizer in any of its bundle or element methods. */
final class FinalizerUse {
  private FinalizerUse() {}

  static boolean of(DoFn<?, ?> fn) {
    DoFnSignature signature = DoFnSignatures.getSignature(fn.getClass());
    return Stream.of(signature.processElement(), signature.startBundle(), signature.finishBundle())
        .filter(method -> method != null)
        .map(FinalizerUse::parameters)
        .flatMap(List::stream)
        .anyMatch(parameter -> parameter instanceof DoFnSignature.Parameter.BundleFinalizerParameter);
  }

  private static List<DoFnSignature.Parameter> parameters(DoFnSignature.DoFnMethod method) {
    return method instanceof DoFnSignature.MethodWithExtraParameters
        ? ((DoFnSignature.MethodWithExtraParameters) method).extraParameters()
        : List.of();
  }
}

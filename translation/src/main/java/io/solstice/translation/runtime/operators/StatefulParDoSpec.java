package io.solstice.translation.runtime.operators;

import io.solstice.translation.runtime.Operator;
import io.solstice.translation.runtime.OperatorSpec;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.values.KV;

/** A ParDo with state or timers on a keyed input: the ParDo's spec and the key's coder. */
public final class StatefulParDoSpec<K, V, OutputT> implements OperatorSpec {
  private static final long serialVersionUID = 1L;

  final ParDoSpec<KV<K, V>, OutputT> parDo;
  final Coder<K> keyCoder;

  public StatefulParDoSpec(ParDoSpec<KV<K, V>, OutputT> parDo, Coder<K> keyCoder) {
    this.parDo = parDo;
    this.keyCoder = keyCoder;
  }

  @Override
  public boolean keepsWorkerState() {
    return parDo.keepsWorkerState();
  }

  @Override
  public boolean waitsForCheckpoints() {
    return parDo.waitsForCheckpoints();
  }

  @Override
  public Operator create() {
    return new StatefulParDoOperator<>(this);
  }
}

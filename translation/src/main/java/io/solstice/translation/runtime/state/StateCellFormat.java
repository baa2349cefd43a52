package io.solstice.translation.runtime.state;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.core.StateTag;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.CombiningState;
import org.apache.beam.sdk.state.MapState;
import org.apache.beam.sdk.state.MultimapState;
import org.apache.beam.sdk.state.OrderedListState;
import org.apache.beam.sdk.state.SetState;
import org.apache.beam.sdk.state.State;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.state.WatermarkHoldState;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.CombineWithContext.CombineFnWithContext;
import org.apache.beam.sdk.transforms.windowing.TimestampCombiner;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;

/**
 * How the contents of one kind of state cell are written to a snapshot and read back into an
 * empty cell, with the coders its tag declares. The tag tells the kind: binding it with {@link
 * #of} captures the kind and coders instead of making a cell.
 */
abstract class StateCellFormat {

  abstract void write(State cell, DataOutputStream out) throws IOException;

  abstract void read(DataInputStream in, State emptyCell) throws IOException;

  static StateCellFormat of(StateTag<?> tag) {
    Capture capture = new Capture();
    tag.bind(capture);
    if (capture.format == null) {
      throw new IllegalStateException("State " + tag.getId() + " has a kind snapshots cannot write");
    }
    return capture.format;
  }

  private static <T> void writeAll(Coder<T> coder, Iterable<T> values, DataOutputStream out) throws IOException {
    List<T> list = new ArrayList<>();
    values.forEach(list::add);
    out.writeInt(list.size());
    for (T value : list) {
      coder.encode(value, out);
    }
  }

  private static final class ValueCell<T> extends StateCellFormat {
    private final Coder<T> coder;

    ValueCell(Coder<T> coder) {
      this.coder = coder;
    }

    @Override
    @SuppressWarnings("unchecked")
    void write(State cell, DataOutputStream out) throws IOException {
      T value = ((ValueState<T>) cell).read();
      out.writeBoolean(value != null);
      if (value != null) {
        coder.encode(value, out);
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    void read(DataInputStream in, State emptyCell) throws IOException {
      ((ValueState<T>) emptyCell).write(in.readBoolean() ? coder.decode(in) : null);
    }
  }

  private static final class BagCell<T> extends StateCellFormat {
    private final Coder<T> coder;

    BagCell(Coder<T> coder) {
      this.coder = coder;
    }

    @Override
    @SuppressWarnings("unchecked")
    void write(State cell, DataOutputStream out) throws IOException {
      writeAll(coder, ((BagState<T>) cell).read(), out);
    }

    @Override
    @SuppressWarnings("unchecked")
    void read(DataInputStream in, State emptyCell) throws IOException {
      BagState<T> bag = (BagState<T>) emptyCell;
      for (int i = in.readInt(); i > 0; i--) {
        bag.add(coder.decode(in));
      }
    }
  }

  private static final class SetCell<T> extends StateCellFormat {
    private final Coder<T> coder;

    SetCell(Coder<T> coder) {
      this.coder = coder;
    }

    @Override
    @SuppressWarnings("unchecked")
    void write(State cell, DataOutputStream out) throws IOException {
      writeAll(coder, ((SetState<T>) cell).read(), out);
    }

    @Override
    @SuppressWarnings("unchecked")
    void read(DataInputStream in, State emptyCell) throws IOException {
      SetState<T> set = (SetState<T>) emptyCell;
      for (int i = in.readInt(); i > 0; i--) {
        set.add(coder.decode(in));
      }
    }
  }

  private static final class KeyValueCell<K, V> extends StateCellFormat {
    private final Coder<K> keyCoder;
    private final Coder<V> valueCoder;
    private final boolean multimap;

    KeyValueCell(Coder<K> keyCoder, Coder<V> valueCoder, boolean multimap) {
      this.keyCoder = keyCoder;
      this.valueCoder = valueCoder;
      this.multimap = multimap;
    }

    @Override
    @SuppressWarnings("unchecked")
    void write(State cell, DataOutputStream out) throws IOException {
      Iterable<Map.Entry<K, V>> entries =
          multimap ? ((MultimapState<K, V>) cell).entries().read() : ((MapState<K, V>) cell).entries().read();
      List<Map.Entry<K, V>> list = new ArrayList<>();
      entries.forEach(list::add);
      out.writeInt(list.size());
      for (Map.Entry<K, V> entry : list) {
        keyCoder.encode(entry.getKey(), out);
        valueCoder.encode(entry.getValue(), out);
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    void read(DataInputStream in, State emptyCell) throws IOException {
      for (int i = in.readInt(); i > 0; i--) {
        K key = keyCoder.decode(in);
        V value = valueCoder.decode(in);
        if (multimap) {
          ((MultimapState<K, V>) emptyCell).put(key, value);
        } else {
          ((MapState<K, V>) emptyCell).put(key, value);
        }
      }
    }
  }

  private static final class OrderedListCell<T> extends StateCellFormat {
    private final Coder<T> coder;

    OrderedListCell(Coder<T> coder) {
      this.coder = coder;
    }

    @Override
    @SuppressWarnings("unchecked")
    void write(State cell, DataOutputStream out) throws IOException {
      List<TimestampedValue<T>> list = new ArrayList<>();
      ((OrderedListState<T>) cell).read().forEach(list::add);
      out.writeInt(list.size());
      for (TimestampedValue<T> value : list) {
        InstantCoder.of().encode(value.getTimestamp(), out);
        coder.encode(value.getValue(), out);
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    void read(DataInputStream in, State emptyCell) throws IOException {
      OrderedListState<T> list = (OrderedListState<T>) emptyCell;
      for (int i = in.readInt(); i > 0; i--) {
        Instant timestamp = InstantCoder.of().decode(in);
        list.add(TimestampedValue.of(coder.decode(in), timestamp));
      }
    }
  }

  private static final class CombiningCell<A> extends StateCellFormat {
    private final Coder<A> accumulatorCoder;

    CombiningCell(Coder<A> accumulatorCoder) {
      this.accumulatorCoder = accumulatorCoder;
    }

    @Override
    @SuppressWarnings("unchecked")
    void write(State cell, DataOutputStream out) throws IOException {
      accumulatorCoder.encode(((CombiningState<?, A, ?>) cell).getAccum(), out);
    }

    @Override
    @SuppressWarnings("unchecked")
    void read(DataInputStream in, State emptyCell) throws IOException {
      ((CombiningState<?, A, ?>) emptyCell).addAccum(accumulatorCoder.decode(in));
    }
  }

  private static final class HoldCell extends StateCellFormat {
    @Override
    void write(State cell, DataOutputStream out) throws IOException {
      InstantCoder.of().encode(((WatermarkHoldState) cell).read(), out);
    }

    @Override
    void read(DataInputStream in, State emptyCell) throws IOException {
      ((WatermarkHoldState) emptyCell).add(InstantCoder.of().decode(in));
    }
  }

  /** Binds nothing: records the format of the tag it is bound with. */
  private static final class Capture implements StateTag.StateBinder {
    StateCellFormat format;

    @Override
    public <T> ValueState<T> bindValue(StateTag<ValueState<T>> spec, Coder<T> coder) {
      format = new ValueCell<>(coder);
      return null;
    }

    @Override
    public <T> BagState<T> bindBag(StateTag<BagState<T>> spec, Coder<T> elemCoder) {
      format = new BagCell<>(elemCoder);
      return null;
    }

    @Override
    public <T> SetState<T> bindSet(StateTag<SetState<T>> spec, Coder<T> elemCoder) {
      format = new SetCell<>(elemCoder);
      return null;
    }

    @Override
    public <K, V> MapState<K, V> bindMap(StateTag<MapState<K, V>> spec, Coder<K> keyCoder, Coder<V> valueCoder) {
      format = new KeyValueCell<>(keyCoder, valueCoder, false);
      return null;
    }

    @Override
    public <K, V> MultimapState<K, V> bindMultimap(
        StateTag<MultimapState<K, V>> spec, Coder<K> keyCoder, Coder<V> valueCoder) {
      format = new KeyValueCell<>(keyCoder, valueCoder, true);
      return null;
    }

    @Override
    public <T> OrderedListState<T> bindOrderedList(StateTag<OrderedListState<T>> spec, Coder<T> elemCoder) {
      format = new OrderedListCell<>(elemCoder);
      return null;
    }

    @Override
    public <InputT, AccumT, OutputT> CombiningState<InputT, AccumT, OutputT> bindCombiningValue(
        StateTag<CombiningState<InputT, AccumT, OutputT>> spec,
        Coder<AccumT> accumCoder,
        CombineFn<InputT, AccumT, OutputT> combineFn) {
      format = new CombiningCell<>(accumCoder);
      return null;
    }

    @Override
    public <InputT, AccumT, OutputT> CombiningState<InputT, AccumT, OutputT> bindCombiningValueWithContext(
        StateTag<CombiningState<InputT, AccumT, OutputT>> spec,
        Coder<AccumT> accumCoder,
        CombineFnWithContext<InputT, AccumT, OutputT> combineFn) {
      format = new CombiningCell<>(accumCoder);
      return null;
    }

    @Override
    public WatermarkHoldState bindWatermark(
        StateTag<WatermarkHoldState> spec, TimestampCombiner timestampCombiner) {
      format = new HoldCell();
      return null;
    }
  }
}

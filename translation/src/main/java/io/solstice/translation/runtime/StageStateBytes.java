package io.solstice.translation.runtime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts the states of a fused stage's steps together, and takes them apart: a key group's bytes (and
 * the local bytes) list each step that has some, as (step index, length, bytes).
 */
final class StageStateBytes {
  private StageStateBytes() {}

  static OperatorState combine(OperatorState[] steps) throws IOException {
    Map<Integer, List<Integer>> stepsByGroup = new TreeMap<>();
    for (int i = 0; i < steps.length; i++) {
      for (int group : steps[i].keyGroups().keySet()) {
        stepsByGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(i);
      }
    }
    Map<Integer, byte[]> groups = new TreeMap<>();
    for (Map.Entry<Integer, List<Integer>> group : stepsByGroup.entrySet()) {
      List<byte[]> parts = new ArrayList<>();
      for (int step : group.getValue()) {
        parts.add(steps[step].keyGroups().get(group.getKey()));
      }
      groups.put(group.getKey(), join(group.getValue(), parts));
    }
    List<Integer> localSteps = new ArrayList<>();
    List<byte[]> localParts = new ArrayList<>();
    for (int i = 0; i < steps.length; i++) {
      if (steps[i].local().length > 0) {
        localSteps.add(i);
        localParts.add(steps[i].local());
      }
    }
    return new OperatorState(groups, localSteps.isEmpty() ? new byte[0] : join(localSteps, localParts));
  }

  static OperatorState[] split(OperatorState stage, int stepCount) {
    List<Map<Integer, byte[]>> groups = new ArrayList<>();
    for (int i = 0; i < stepCount; i++) {
      groups.add(new HashMap<>());
    }
    for (Map.Entry<Integer, byte[]> group : stage.keyGroups().entrySet()) {
      Map<Integer, byte[]> parts = parts(group.getValue(), stepCount);
      parts.forEach((step, bytes) -> groups.get(step).put(group.getKey(), bytes));
    }
    Map<Integer, byte[]> local = stage.local().length == 0 ? Map.of() : parts(stage.local(), stepCount);
    OperatorState[] states = new OperatorState[stepCount];
    for (int i = 0; i < stepCount; i++) {
      states[i] = new OperatorState(groups.get(i), local.getOrDefault(i, new byte[0]));
    }
    return states;
  }

  private static byte[] join(List<Integer> steps, List<byte[]> parts) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(steps.size());
    for (int i = 0; i < steps.size(); i++) {
      out.writeInt(steps.get(i));
      out.writeInt(parts.get(i).length);
      out.write(parts.get(i));
    }
    out.flush();
    return bytes.toByteArray();
  }

  private static Map<Integer, byte[]> parts(byte[] joined, int stepCount) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(joined));
      Map<Integer, byte[]> parts = new HashMap<>();
      for (int n = in.readInt(); n > 0; n--) {
        int step = in.readInt();
        if (step < 0 || step >= stepCount) {
          throw new IOException("State for step " + step + ", but the stage has " + stepCount + " steps");
        }
        byte[] part = new byte[in.readInt()];
        in.readFully(part);
        parts.put(step, part);
      }
      return parts;
    } catch (IOException e) {
      throw new UncheckedIOException("A stage snapshot is malformed", e);
    }
  }
}

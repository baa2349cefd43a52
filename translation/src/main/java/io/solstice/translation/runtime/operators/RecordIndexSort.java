package io.solstice.translation.runtime.operators;

/**
 * Sorts a record index held as two parallel arrays (key prefix, record position) without boxing:
 * by prefix, unsigned, and on equal prefixes by the records themselves. Three-way quicksort with a
 * median-of-three pivot, insertion sort for short ranges, and a heapsort fallback past a depth
 * bound, so that no input degrades it to quadratic time.
 */
final class RecordIndexSort {
  private static final int INSERTION_SORT_BELOW = 16;

  /** Compares two records by position, when their prefixes are equal. */
  interface RecordOrder {
    int compare(long position, long otherPosition);
  }

  private RecordIndexSort() {}

  static void sort(long[] prefixes, long[] positions, int count, RecordOrder order) {
    new Sorting(prefixes, positions, order).sort(0, count - 1, 2 * (32 - Integer.numberOfLeadingZeros(Math.max(1, count))));
  }

  private static final class Sorting {
    private final long[] prefixes;
    private final long[] positions;
    private final RecordOrder order;

    Sorting(long[] prefixes, long[] positions, RecordOrder order) {
      this.prefixes = prefixes;
      this.positions = positions;
      this.order = order;
    }

    private int compare(int i, int j) {
      int byPrefix = Long.compareUnsigned(prefixes[i], prefixes[j]);
      return byPrefix != 0 ? byPrefix : order.compare(positions[i], positions[j]);
    }

    private void swap(int i, int j) {
      long prefix = prefixes[i];
      prefixes[i] = prefixes[j];
      prefixes[j] = prefix;
      long position = positions[i];
      positions[i] = positions[j];
      positions[j] = position;
    }

    void sort(int low, int high, int depth) {
      while (high - low >= INSERTION_SORT_BELOW) {
        if (depth-- == 0) {
          heapSort(low, high);
          return;
        }
        long[] equal = partition(low, high);
        int lessEnd = (int) equal[0];
        int greaterStart = (int) equal[1];
        // Recurse into the smaller side, loop on the larger: the stack stays logarithmic.
        if (lessEnd - low < high - greaterStart) {
          sort(low, lessEnd - 1, depth);
          low = greaterStart + 1;
        } else {
          sort(greaterStart + 1, high, depth);
          high = lessEnd - 1;
        }
      }
      insertionSort(low, high);
    }

    /**
     * Three-way partition around the median of the first, middle and last (a key with many values
     * gives many equal records, which then need no further sorting). Returns the first and last
     * place of the records equal to the pivot.
     */
    private long[] partition(int low, int high) {
      int middle = (low + high) >>> 1;
      if (compare(middle, low) < 0) {
        swap(middle, low);
      }
      if (compare(high, low) < 0) {
        swap(high, low);
      }
      if (compare(high, middle) < 0) {
        swap(high, middle);
      }
      swap(low, middle);
      // Invariant: [low, lt) < pivot (at lt), [lt, i) == pivot, (gt, high] > pivot.
      int lt = low;
      int i = low + 1;
      int gt = high;
      while (i <= gt) {
        int order = compare(i, lt);
        if (order < 0) {
          swap(i++, lt++);
        } else if (order > 0) {
          swap(i, gt--);
        } else {
          i++;
        }
      }
      return new long[] {lt, gt};
    }

    private void insertionSort(int low, int high) {
      for (int i = low + 1; i <= high; i++) {
        for (int j = i; j > low && compare(j, j - 1) < 0; j--) {
          swap(j, j - 1);
        }
      }
    }

    private void heapSort(int low, int high) {
      int n = high - low + 1;
      for (int i = n / 2 - 1; i >= 0; i--) {
        siftDown(low, i, n);
      }
      for (int end = n - 1; end > 0; end--) {
        swap(low, low + end);
        siftDown(low, 0, end);
      }
    }

    private void siftDown(int low, int root, int n) {
      while (2 * root + 1 < n) {
        int child = 2 * root + 1;
        if (child + 1 < n && compare(low + child, low + child + 1) < 0) {
          child++;
        }
        if (compare(low + root, low + child) >= 0) {
          return;
        }
        swap(low + root, low + child);
        root = child;
      }
    }
  }
}

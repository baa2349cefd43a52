package io.solstice.translation.runtime.operators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gathered records as bytes in pages that stay allocated (so that the heap holds a few long-lived
 * arrays, not an object per element), with an index of prefix and position per record to sort them
 * by. A record is {@code key length, key, window length, window, timestamp, payload length, payload}
 * and never spans pages; one larger than a page gets a page of its own. {@link #fits} says whether
 * another record fits the memory budget; {@link #sortedCursor} sorts the index and reads the records
 * in order; {@link #clear} keeps the pages for the next run.
 */
final class RecordBuffer {
  private static final int MIN_PAGE = 16 << 10;
  private static final int MAX_PAGE = 1 << 20;
  /** The index's bytes per record: a prefix and a position. */
  private static final int INDEX_BYTES = 16;

  private final long budgetBytes;
  private final int pageBytes;
  private final List<byte[]> pages = new ArrayList<>();
  private long pageMemory;
  private int page;
  private int offset;
  private long[] prefixes = new long[1024];
  private long[] positions = new long[1024];
  private int count;

  RecordBuffer(long budgetBytes) {
    this.budgetBytes = budgetBytes;
    this.pageBytes = (int) Math.max(MIN_PAGE, Math.min(MAX_PAGE, budgetBytes / 16));
  }

  /** The heap its pages and index take. */
  long heapBytes() {
    return pageMemory + (long) prefixes.length * INDEX_BYTES;
  }

  /**
   * Whether a record of {@code length} encoded bytes fits beside those held. An empty buffer takes
   * any record, so that one larger than the budget still goes somewhere.
   */
  boolean fits(int length) {
    return count == 0 || withinBudget(length);
  }

  private boolean withinBudget(int length) {
    long morePages;
    if (fitsCurrentPage(length)) {
      morePages = 0;
    } else {
      int next = nextPageIndex();
      morePages = next < pages.size() ? Math.max(0, length - pages.get(next).length) : Math.max(pageBytes, length);
    }
    long index = (long) (count == prefixes.length ? 2 * count : prefixes.length) * INDEX_BYTES;
    return pageMemory + morePages + index <= budgetBytes;
  }

  /** Appends the record whose encoding is {@code bytes[0, length)}; its key starts at byte 4. */
  void append(byte[] bytes, int length) {
    if (count == 0 && !withinBudget(length)) {
      // An empty buffer takes any record: free the pages kept for reuse to make room for it.
      pages.clear();
      pageMemory = 0;
      page = 0;
      offset = 0;
    }
    if (!fitsCurrentPage(length)) {
      moveToPageFor(length);
    }
    System.arraycopy(bytes, 0, pages.get(page), offset, length);
    if (count == prefixes.length) {
      prefixes = Arrays.copyOf(prefixes, count * 2);
      positions = Arrays.copyOf(positions, count * 2);
    }
    prefixes[count] = keyPrefix(bytes);
    positions[count] = ((long) page << 32) | offset;
    count++;
    offset += length;
  }

  private boolean fitsCurrentPage(int length) {
    return page < pages.size() && offset + length <= pages.get(page).length;
  }

  /** The page the next record goes to when the current one is full: the next, or this one if unused. */
  private int nextPageIndex() {
    return page < pages.size() && offset > 0 ? page + 1 : page;
  }

  private void moveToPageFor(int length) {
    int next = nextPageIndex();
    if (next == pages.size()) {
      byte[] fresh = new byte[Math.max(pageBytes, length)];
      pages.add(fresh);
      pageMemory += fresh.length;
    } else if (pages.get(next).length < length) {
      pageMemory += length - pages.get(next).length;
      pages.set(next, new byte[length]);
    }
    page = next;
    offset = 0;
  }

  /** The first 8 bytes of the key, big-endian, zero-padded: their unsigned order agrees with the key's. */
  private static long keyPrefix(byte[] record) {
    int keyLength = readInt(record, 0);
    long prefix = 0;
    for (int i = 0; i < 8; i++) {
      prefix = (prefix << 8) | (i < keyLength ? record[4 + i] & 0xff : 0);
    }
    return prefix;
  }

  static int readInt(byte[] bytes, int at) {
    return ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8) | (bytes[at + 3] & 0xff);
  }

  /** Sorts the records (by prefix, then whole key and window) and reads them in that order. */
  RecordCursor sortedCursor() {
    RecordIndexSort.sort(prefixes, positions, count, this::compareAt);
    return new RecordCursor() {
      private int next;

      @Override
      public GroupRecord next() {
        return next < count ? recordAt(positions[next++]) : null;
      }
    };
  }

  private int compareAt(long position, long otherPosition) {
    byte[] a = pages.get((int) (position >>> 32));
    byte[] b = pages.get((int) (otherPosition >>> 32));
    int at = (int) position;
    int otherAt = (int) otherPosition;
    int keyLength = readInt(a, at);
    int otherKeyLength = readInt(b, otherAt);
    int byKey = Arrays.compareUnsigned(a, at + 4, at + 4 + keyLength, b, otherAt + 4, otherAt + 4 + otherKeyLength);
    if (byKey != 0) {
      return byKey;
    }
    int window = at + 4 + keyLength;
    int otherWindow = otherAt + 4 + otherKeyLength;
    return Arrays.compareUnsigned(
        a, window + 4, window + 4 + readInt(a, window), b, otherWindow + 4, otherWindow + 4 + readInt(b, otherWindow));
  }

  private GroupRecord recordAt(long position) {
    byte[] bytes = pages.get((int) (position >>> 32));
    int at = (int) position;
    byte[] key = slice(bytes, at);
    at += 4 + key.length;
    byte[] window = slice(bytes, at);
    at += 4 + window.length;
    long timestamp = 0;
    for (int i = 0; i < 8; i++) {
      timestamp = (timestamp << 8) | (bytes[at + i] & 0xff);
    }
    return new GroupRecord(key, window, timestamp, slice(bytes, at + 8));
  }

  private static byte[] slice(byte[] bytes, int at) {
    return Arrays.copyOfRange(bytes, at + 4, at + 4 + readInt(bytes, at));
  }

  /** Forgets the records, keeping the pages for the next ones. */
  void clear() {
    count = 0;
    page = 0;
    offset = 0;
  }

  /** Gives the pages back to the heap. */
  void release() {
    clear();
    pages.clear();
    pageMemory = 0;
    prefixes = new long[1024];
    positions = new long[1024];
  }
}

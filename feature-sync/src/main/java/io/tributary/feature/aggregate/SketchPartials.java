package io.tributary.feature.aggregate;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;

/**
 * The partials that are sketches (Apache DataSketches), for the aggregations exact state would not
 * fit.
 */
/** Distinct values: a HyperLogLog sketch (HLL_4), smaller per slice the more slices. */
final class SketchPartials {
  private SketchPartials() {}

  static final class Distinct extends Partial {
    private final int lgK;
    HllSketch sketch;

    Distinct(int lgK) {
      this.lgK = lgK;
      this.sketch = new HllSketch(lgK, TgtHllType.HLL_4);
    }

    /** 2^12 buckets (1.6 % standard error) up to 120 slices, 2^10 (3.3 %) up to 240. */
    static int lgK(int slices) {
      return slices <= 120 ? 12 : 10;
    }

    @Override
    void add(long eventTime, Object value) {
      // the sketch keeps hashes, not values: the whole value is hashed, however long
      sketch.update(wholeText(value));
    }

    @Override
    void merge(Partial other) {
      Union union = new Union(lgK);
      union.update(sketch);
      union.update(((Distinct) other).sketch);
      sketch = union.getResult(TgtHllType.HLL_4);
    }

    @Override
    void write(DataOutputStream out) throws IOException {
      writeBytes(out, sketch.toCompactByteArray());
    }

    @Override
    void readFields(DataInputStream in) throws IOException {
      sketch = HllSketch.heapify(readBytes(in));
    }

    @Override
    Object value(FeatureDefinition definition) {
      return Math.round(sketch.getEstimate());
    }
  }

  /** Value counts: a frequent-items sketch, exact while its map has not purged. */
  static final class Top extends Partial {
    private static final ArrayOfStringsSerDe SERDE = new ArrayOfStringsSerDe();
    private final int mapSize;
    ItemsSketch<String> sketch;

    Top(int mapSize) {
      this.mapSize = mapSize;
      this.sketch = new ItemsSketch<>(mapSize);
    }

    /**
     * 64 entries (exact for up to 48 distinct values in a window) up to 60 slices, 32 up to 120, 16
     * beyond: at most 0.75 of them are kept, so a slice stays below 3.7 KB.
     */
    static int mapSize(int slices) {
      return slices <= 60 ? 64 : slices <= 120 ? 32 : 16;
    }

    @Override
    void add(long eventTime, Object value) {
      sketch.update(text(value));
    }

    @Override
    void merge(Partial other) {
      sketch.merge(((Top) other).sketch);
    }

    @Override
    void write(DataOutputStream out) throws IOException {
      writeBytes(out, sketch.toByteArray(SERDE));
    }

    @Override
    void readFields(DataInputStream in) throws IOException {
      sketch = ItemsSketch.getInstance(Memory.wrap(readBytes(in)), SERDE);
    }

    @Override
    Object value(FeatureDefinition definition) {
      List<TopValue> values = new ArrayList<>();
      for (ItemsSketch.Row<String> row : sketch.getFrequentItems(ErrorType.NO_FALSE_POSITIVES)) {
        values.add(new TopValue(row.getItem(), row.getEstimate()));
      }
      values.sort(
          Comparator.comparingLong(TopValue::count).reversed().thenComparing(TopValue::value));
      return List.copyOf(values.subList(0, Math.min(definition.n(), values.size())));
    }
  }
}

package io.tributary.catalog.lineage;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.flink.table.api.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which tables and columns a planned Flink SQL query reads, taken from the logical plan Flink's
 * planner built for it.
 *
 * <p>Written by hand, and through reflection, for two reasons. Flink's own lineage (FLIP-314) names
 * source and sink tables but no columns. Calcite's column-origin metadata, which would, stops at
 * Flink's own plan nodes (the watermark assigner under every event-time source, window table
 * functions) and answers "unknown" for every column above them. And the planner lives in its own
 * class loader ({@code flink-table-planner-loader}), so its Calcite classes cannot be compiled
 * against. The walk below knows the handful of relational operators a pipeline produces and passes
 * through any other operator that keeps its input's columns; where it cannot tell, a column simply
 * has no origins, and the table-level lineage still holds.
 */
public final class PlanLineage {
  private static final Logger LOG = LoggerFactory.getLogger(PlanLineage.class);

  private static final String DEFAULT_CATALOG = "default_catalog";

  private final ClassLoader planner;

  private final UnaryOperator<String> naming;

  private PlanLineage(ClassLoader planner, UnaryOperator<String> naming) {
    this.planner = planner;
    this.naming = naming;
  }

  /**
   * The lineage of {@code query}: every table it scans, and for each output column the table
   * columns it is computed from. A query whose plan cannot be read yields no lineage and a warning,
   * never a failure: lineage must not stop a pipeline from running.
   */
  public static QueryLineage of(Table query) {
    return of(query, UnaryOperator.identity());
  }

  /**
   * As {@link #of(Table)}, with the tables renamed by {@code naming}: from the name Flink's plan
   * gives them ({@code src.__orders_live}, a view's hidden table) to the one users know.
   */
  public static QueryLineage of(Table query, UnaryOperator<String> naming) {
    List<String> outputs = query.getResolvedSchema().getColumnNames();
    try {
      Object operation = query.getQueryOperation();
      Object rel = invoke(operation, "getCalciteTree");
      PlanLineage walk = new PlanLineage(rel.getClass().getClassLoader(), naming);
      Set<String> tables = new LinkedHashSet<>();
      walk.collectTables(rel, tables);
      Map<String, Set<ColumnOrigin>> columns = new LinkedHashMap<>();
      for (int i = 0; i < outputs.size(); i++) {
        columns.put(outputs.get(i), walk.origins(rel, i));
      }
      return new QueryLineage(List.copyOf(tables), columns);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("Cannot read the lineage of a query from Flink's plan: {}", e.toString());
      return QueryLineage.unknown(outputs);
    }
  }

  private void collectTables(Object rel, Set<String> tables) throws ReflectiveOperationException {
    if (is(rel, "org.apache.calcite.rel.core.TableScan")) {
      tables.add(tableName(rel));
      return;
    }
    for (Object input : inputs(rel)) {
      collectTables(input, tables);
    }
  }

  /** The table columns output column {@code column} of {@code rel} comes from. */
  private Set<ColumnOrigin> origins(Object rel, int column) throws ReflectiveOperationException {
    List<?> inputs = inputs(rel);
    if (is(rel, "org.apache.calcite.rel.core.TableScan")) {
      String field = String.valueOf(fieldNames(rel).get(column));
      return Set.of(new ColumnOrigin(tableName(rel), field, ColumnOrigin.Kind.IDENTITY));
    }
    if (is(rel, "org.apache.calcite.rel.core.Project")) {
      Object expression = ((List<?>) invoke(rel, "getProjects")).get(column);
      return fromExpression(inputs.get(0), expression);
    }
    if (is(rel, "org.apache.calcite.rel.core.Calc")) {
      Object program = invoke(rel, "getProgram");
      Object local = ((List<?>) invoke(program, "getProjectList")).get(column);
      Object expression = invoke(program, "expandLocalRef", local);
      return fromExpression(inputs.get(0), expression);
    }
    if (is(rel, "org.apache.calcite.rel.core.Aggregate")) {
      List<?> groups = (List<?>) invoke(invoke(rel, "getGroupSet"), "asList");
      if (column < groups.size()) {
        return origins(inputs.get(0), (Integer) groups.get(column));
      }
      Object call = ((List<?>) invoke(rel, "getAggCallList")).get(column - groups.size());
      Set<ColumnOrigin> result = new LinkedHashSet<>();
      for (Object argument : (List<?>) invoke(call, "getArgList")) {
        for (ColumnOrigin origin : origins(inputs.get(0), (Integer) argument)) {
          result.add(origin.as(ColumnOrigin.Kind.AGGREGATION));
        }
      }
      return result;
    }
    if (is(rel, "org.apache.calcite.rel.core.Join")
        || is(rel, "org.apache.calcite.rel.core.Correlate")) {
      int leftColumns = fieldCount(inputs.get(0));
      return column < leftColumns
          ? origins(inputs.get(0), column)
          : origins(inputs.get(1), column - leftColumns);
    }
    if (is(rel, "org.apache.calcite.rel.core.SetOp")) {
      Set<ColumnOrigin> result = new LinkedHashSet<>();
      for (Object input : inputs) {
        result.addAll(origins(input, column));
      }
      return result;
    }
    if (is(rel, "org.apache.calcite.rel.core.TableFunctionScan") && inputs.size() == 1) {
      // a window table function (TUMBLE, HOP, ...) keeps its input's columns and appends
      // window_start, window_end and window_time, computed from the time column it is given
      int passed = fieldCount(inputs.get(0));
      if (column < passed) {
        return origins(inputs.get(0), column);
      }
      Set<ColumnOrigin> result = new LinkedHashSet<>();
      List<?> names = fieldNames(inputs.get(0));
      for (String name : descriptorColumns(invoke(rel, "getCall"))) {
        int index = names.indexOf(name);
        if (index >= 0) {
          result.addAll(origins(inputs.get(0), index));
        }
      }
      return transformed(result);
    }
    if (inputs.size() == 1 && fieldCount(inputs.get(0)) == fieldCount(rel)) {
      // filters, sorts, watermark assigners and other operators that keep their input's columns
      return origins(inputs.get(0), column);
    }
    return Set.of();
  }

  /** Origins of a row expression over {@code input}: its column itself, or what it computes on. */
  private Set<ColumnOrigin> fromExpression(Object input, Object expression)
      throws ReflectiveOperationException {
    if (is(expression, "org.apache.calcite.rex.RexInputRef")) {
      return origins(input, (Integer) invoke(expression, "getIndex"));
    }
    Class<?> finder = planner.loadClass("org.apache.calcite.plan.RelOptUtil$InputFinder");
    Method bits = finder.getMethod("bits", planner.loadClass("org.apache.calcite.rex.RexNode"));
    List<?> used = (List<?>) invoke(bits.invoke(null, expression), "asList");
    Set<ColumnOrigin> result = new LinkedHashSet<>();
    for (Object index : used) {
      result.addAll(origins(input, (Integer) index));
    }
    return transformed(result);
  }

  /** The columns a call names with {@code DESCRIPTOR(column, ...)}: a window's time column. */
  private static List<String> descriptorColumns(Object call) throws ReflectiveOperationException {
    List<String> columns = new ArrayList<>();
    if (!hasMethod(call, "getOperands")) {
      return columns;
    }
    boolean descriptor = "DESCRIPTOR".equals(invoke(invoke(call, "getOperator"), "getName"));
    for (Object operand : (List<?>) invoke(call, "getOperands")) {
      if (descriptor && hasMethod(operand, "getValueAs")) {
        columns.add(String.valueOf(invoke(operand, "getValueAs", String.class)));
      } else {
        columns.addAll(descriptorColumns(operand));
      }
    }
    return columns;
  }

  private static boolean hasMethod(Object target, String name) {
    for (Method method : target.getClass().getMethods()) {
      if (method.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static Set<ColumnOrigin> transformed(Set<ColumnOrigin> origins) {
    Set<ColumnOrigin> result = new LinkedHashSet<>();
    for (ColumnOrigin origin : origins) {
      result.add(
          origin.kind() == ColumnOrigin.Kind.IDENTITY
              ? origin.as(ColumnOrigin.Kind.TRANSFORMATION)
              : origin);
    }
    return result;
  }

  private boolean is(Object object, String className) throws ClassNotFoundException {
    return Class.forName(className, false, planner).isInstance(object);
  }

  private String tableName(Object scan) throws ReflectiveOperationException {
    List<?> name = (List<?>) invoke(invoke(scan, "getTable"), "getQualifiedName");
    List<String> parts = new ArrayList<>();
    for (Object part : name) {
      parts.add(String.valueOf(part));
    }
    // catalog, database, table; the planner may append what it pushed into the scan
    List<String> table = new ArrayList<>(parts.subList(0, Math.min(3, parts.size())));
    if (table.size() == 3 && table.get(0).equals(DEFAULT_CATALOG)) {
      table.remove(0); // src.<name> lives in the session's default catalog
    }
    return naming.apply(String.join(".", table));
  }

  private static List<?> inputs(Object rel) throws ReflectiveOperationException {
    return (List<?>) invoke(rel, "getInputs");
  }

  private static List<?> fieldNames(Object rel) throws ReflectiveOperationException {
    return (List<?>) invoke(invoke(rel, "getRowType"), "getFieldNames");
  }

  private static int fieldCount(Object rel) throws ReflectiveOperationException {
    return (Integer) invoke(invoke(rel, "getRowType"), "getFieldCount");
  }

  private static Object invoke(Object target, String name, Object... arguments)
      throws ReflectiveOperationException {
    for (Method method : target.getClass().getMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == arguments.length) {
        method.trySetAccessible();
        try {
          return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
          if (e.getCause() instanceof RuntimeException cause) {
            throw cause;
          }
          throw e;
        }
      }
    }
    throw new NoSuchMethodException(target.getClass().getName() + "." + name);
  }
}

/**
 * Compares a Prisma schema with a live database and lists the differences in words, so a test can
 * prove that `prisma/schema.prisma` and the hand-written migrations agree (Prisma's own diffing needs
 * the schema engine binary, which cannot be downloaded here).
 *
 * Checked, for the `public` schema (other schemas such as pg-boss's `pgboss` are ignored):
 * - tables: every model has its table, every table belongs to a model (`_prisma_migrations` excepted);
 * - columns, both directions, with type (native types, enums, lists, `Unsupported(...)`) and
 *   nullability (list columns are nullable in Prisma's DDL, so their nullability is not compared);
 * - enums: every enum exists with exactly the schema's values, and no enum exists that the schema lacks;
 * - primary keys, unique constraints, `@@index`es (columns, order, DESC, GIN) and foreign keys
 *   (columns, target, ON DELETE) the schema declares. Extra indexes are allowed: the search indexes
 *   (HNSW, full-text, trigram) live only in the migrations.
 *
 * `@prisma/internals` (a devDependency) is imported lazily, so nothing at runtime pulls it in.
 */
import type pg from "pg";

export interface DriftQueryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

export interface SchemaDriftOptions {
  /** The text of a Prisma schema (e.g. the contents of prisma/schema.prisma). */
  schemaText: string;
  client: pg.Client | pg.Pool | DriftQueryable;
  /** Database schema to inspect; default "public". */
  dbSchema?: string;
}

// Minimal view of Prisma's DMMF (the parts used here).
interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  isList: boolean;
  isRequired: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  schema?: string | null;
  fields: DmmfField[];
}
interface DmmfEnum {
  name: string;
  dbName?: string | null;
  values: { name: string; dbName: string | null }[];
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string | null;
  algorithm?: string;
  fields: { name: string; sortOrder?: "asc" | "desc" }[];
}
interface Datamodel {
  models: DmmfModel[];
  enums: DmmfEnum[];
  indexes: DmmfIndex[];
}

async function loadDatamodel(schemaText: string): Promise<Datamodel> {
  const mod = (await import("@prisma/internals")) as unknown as {
    getDMMF?: (o: { datamodel: string }) => Promise<{ datamodel: Datamodel }>;
    default?: { getDMMF: (o: { datamodel: string }) => Promise<{ datamodel: Datamodel }> };
  };
  const getDMMF = mod.getDMMF ?? mod.default?.getDMMF;
  if (!getDMMF) throw new Error("@prisma/internals does not export getDMMF");
  const dmmf = await getDMMF({ datamodel: schemaText });
  return dmmf.datamodel;
}

interface UnsupportedField {
  name: string;
  column: string;
  type: string;
  isRequired: boolean;
}

/** DMMF omits `Unsupported(...)` fields; read them from the schema text. */
export function unsupportedFields(schemaText: string): Map<string, UnsupportedField[]> {
  const result = new Map<string, UnsupportedField[]>();
  const text = schemaText.replace(/\/\/.*$/gm, "");
  const modelRe = /^\s*model\s+(\w+)\s*\{([\s\S]*?)^\s*\}/gm;
  for (const [, model, body] of text.matchAll(modelRe)) {
    const fields: UnsupportedField[] = [];
    for (const line of (body ?? "").split("\n")) {
      const m = /^\s*(\w+)\s+Unsupported\(\s*"([^"]+)"\s*\)(\?|\[\])?(.*)$/.exec(line);
      if (!m) continue;
      const [, name, type, modifier, rest] = m;
      if (/@ignore\b/.test(rest ?? "")) continue;
      const map = /@map\(\s*(?:name\s*:\s*)?"([^"]+)"\s*\)/.exec(rest ?? "");
      fields.push({
        name: name!,
        column: map?.[1] ?? name!,
        type: modifier === "[]" ? `${type}[]` : type!,
        isRequired: modifier !== "?",
      });
    }
    result.set(model!, fields);
  }
  return result;
}

/** `format_type()` spelling of a Prisma scalar type (with its @db native type) in PostgreSQL. */
function expectedScalarType(field: DmmfField): string {
  const [native, args = []] = field.nativeType ?? [undefined, []];
  const arg = (fallback?: string) => (args.length ? `(${args.join(",")})` : fallback ? `(${fallback})` : "");
  switch (field.type) {
    case "String":
      switch (native) {
        case undefined:
        case "Text":
          return "text";
        case "VarChar":
          return `character varying${arg()}`;
        case "Char":
          return `character${arg("1")}`;
        case "Uuid":
          return "uuid";
        case "Xml":
          return "xml";
        case "Inet":
          return "inet";
        case "Citext":
          return "citext";
        case "Bit":
          return `bit${arg("1")}`;
        case "VarBit":
          return `bit varying${arg()}`;
        default:
          return native.toLowerCase();
      }
    case "Int":
      return native === "SmallInt" ? "smallint" : native === "Oid" ? "oid" : "integer";
    case "BigInt":
      return "bigint";
    case "Float":
      return native === "Real" ? "real" : "double precision";
    case "Decimal":
      return native === "Money" ? "money" : `numeric${arg("65,30")}`;
    case "Boolean":
      return "boolean";
    case "DateTime":
      switch (native) {
        case undefined:
          return "timestamp(3) without time zone";
        case "Timestamp":
          return `timestamp${arg()} without time zone`;
        case "Timestamptz":
          return `timestamp${arg()} with time zone`;
        case "Date":
          return "date";
        case "Time":
          return `time${arg()} without time zone`;
        case "Timetz":
          return `time${arg()} with time zone`;
        default:
          return native.toLowerCase();
      }
    case "Json":
      return native === "Json" ? "json" : "jsonb";
    case "Bytes":
      return "bytea";
    default:
      return field.type.toLowerCase();
  }
}

const normalizeType = (type: string) => type.toLowerCase().replace(/\s+/g, " ").replace(/\s*([(),\[\]])\s*/g, "$1").replace(/"/g, "").trim();

interface DbColumn {
  table: string;
  column: string;
  notnull: boolean;
  type: string;
  typname: string;
  typtype: string;
  elem_typname: string | null;
  elem_typtype: string | null;
}

interface DbIndex {
  table: string;
  name: string;
  unique: boolean;
  primary: boolean;
  method: string;
  columns: (string | null)[];
  desc: boolean[];
  partial: boolean;
}

interface DbForeignKey {
  table: string;
  name: string;
  columns: string[];
  ref_table: string;
  ref_columns: string[];
  on_delete: string;
}

const ON_DELETE: Record<string, string> = { a: "NoAction", r: "Restrict", c: "Cascade", n: "SetNull", d: "SetDefault" };

/** Human-readable differences between the schema and the database; empty when they agree. */
export async function schemaDrift(opts: SchemaDriftOptions): Promise<string[]> {
  const dbSchema = opts.dbSchema ?? "public";
  const datamodel = await loadDatamodel(opts.schemaText);
  const unsupported = unsupportedFields(opts.schemaText);
  const db = opts.client as DriftQueryable;
  const diffs: string[] = [];

  // One after the other: a single pg.Client must not run overlapping queries.
  const tablesRes = await db.query<{ table: string }>(
    `SELECT c.relname::text AS "table" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition`,
    [dbSchema],
  );
  const columnsRes = await db.query<DbColumn>(
    `SELECT c.relname::text AS "table", a.attname::text AS "column", a.attnotnull AS "notnull",
            format_type(a.atttypid, a.atttypmod) AS "type", t.typname::text AS typname, t.typtype::text AS typtype,
            et.typname::text AS elem_typname, et.typtype::text AS elem_typtype
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND a.attnum > 0 AND NOT a.attisdropped`,
    [dbSchema],
  );
  const enumsRes = await db.query<{ name: string; value: string }>(
    `SELECT t.typname::text AS name, e.enumlabel::text AS value
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
       JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE n.nspname = $1 ORDER BY t.typname, e.enumsortorder`,
    [dbSchema],
  );
  const indexesRes = await db.query<DbIndex>(
    `SELECT tc.relname::text AS "table", ic.relname::text AS name, i.indisunique AS "unique", i.indisprimary AS "primary",
            am.amname::text AS method, i.indpred IS NOT NULL AS partial,
            ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                    LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0
                   WHERE k.ord <= i.indnkeyatts ORDER BY k.ord)::text[] AS columns,
            ARRAY(SELECT (o.opt & 1) = 1 FROM unnest(i.indoption::int2[]) WITH ORDINALITY o(opt, ord)
                   WHERE o.ord <= i.indnkeyatts ORDER BY o.ord)::boolean[] AS "desc"
       FROM pg_index i
       JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN pg_class tc ON tc.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = tc.relnamespace
       JOIN pg_am am ON am.oid = ic.relam
      WHERE n.nspname = $1`,
    [dbSchema],
  );
  const fksRes = await db.query<DbForeignKey>(
    `SELECT tc.relname::text AS "table", con.conname::text AS name, rc.relname::text AS ref_table, con.confdeltype::text AS on_delete,
            ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
            ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS ref_columns
       FROM pg_constraint con
       JOIN pg_class tc ON tc.oid = con.conrelid
       JOIN pg_class rc ON rc.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = tc.relnamespace
      WHERE n.nspname = $1 AND con.contype = 'f'`,
    [dbSchema],
  );

  // ── enums ──
  const dbEnums = new Map<string, string[]>();
  for (const row of enumsRes.rows) {
    const values = dbEnums.get(row.name) ?? [];
    values.push(row.value);
    dbEnums.set(row.name, values);
  }
  const enumDbName = new Map<string, string>();
  for (const e of datamodel.enums) {
    const name = e.dbName ?? e.name;
    enumDbName.set(e.name, name);
    const expected = e.values.map((v) => v.dbName ?? v.name);
    const actual = dbEnums.get(name);
    if (!actual) {
      diffs.push(`enum ${e.name}: type "${name}" is missing from the database`);
      continue;
    }
    const missing = expected.filter((v) => !actual.includes(v));
    const extra = actual.filter((v) => !expected.includes(v));
    if (missing.length) diffs.push(`enum ${e.name}: value(s) ${missing.join(", ")} missing from the database`);
    if (extra.length) diffs.push(`enum ${e.name}: the database has value(s) ${extra.join(", ")} that the schema lacks`);
  }
  const schemaEnumNames = new Set(enumDbName.values());
  for (const name of dbEnums.keys()) {
    if (!schemaEnumNames.has(name)) diffs.push(`enum type "${name}" exists in the database but not in the schema`);
  }

  // ── tables and columns ──
  const dbTables = new Set(tablesRes.rows.map((r) => r.table));
  const dbColumns = new Map<string, Map<string, DbColumn>>();
  for (const col of columnsRes.rows) {
    const table = dbColumns.get(col.table) ?? new Map<string, DbColumn>();
    table.set(col.column, col);
    dbColumns.set(col.table, table);
  }
  const modelTables = new Set<string>();
  const columnOf = new Map<string, Map<string, string>>(); // model -> field -> column
  const tableOf = new Map<string, string>();

  for (const model of datamodel.models) {
    if (model.schema && model.schema !== dbSchema) continue;
    const table = model.dbName ?? model.name;
    modelTables.add(table);
    tableOf.set(model.name, table);
    const fieldColumns = new Map<string, string>();
    columnOf.set(model.name, fieldColumns);

    const expectedColumns: { field: string; column: string; check: (col: DbColumn) => string | null; required: boolean | null }[] = [];
    for (const field of model.fields) {
      if (field.kind === "object") continue;
      const column = field.dbName ?? field.name;
      fieldColumns.set(field.name, column);
      expectedColumns.push({
        field: field.name,
        column,
        required: field.isList ? null : field.isRequired,
        check: (col) => checkFieldType(field, col, enumDbName),
      });
    }
    for (const field of unsupported.get(model.name) ?? []) {
      fieldColumns.set(field.name, field.column);
      expectedColumns.push({
        field: field.name,
        column: field.column,
        required: field.type.endsWith("[]") ? null : field.isRequired,
        check: (col) =>
          normalizeType(col.type) === normalizeType(field.type)
            ? null
            : `type is ${col.type} in the database, Unsupported("${field.type}") in the schema`,
      });
    }

    if (!dbTables.has(table)) {
      diffs.push(`${model.name}: table "${table}" is missing from the database`);
      continue;
    }
    const cols = dbColumns.get(table) ?? new Map<string, DbColumn>();
    for (const expected of expectedColumns) {
      const col = cols.get(expected.column);
      if (!col) {
        diffs.push(`${model.name}.${expected.field}: column "${table}"."${expected.column}" is missing from the database`);
        continue;
      }
      const typeProblem = expected.check(col);
      if (typeProblem) diffs.push(`${model.name}.${expected.field}: ${typeProblem}`);
      if (expected.required !== null && expected.required !== col.notnull) {
        diffs.push(
          `${model.name}.${expected.field}: ${col.notnull ? "NOT NULL" : "nullable"} in the database, ` +
            `${expected.required ? "required" : "optional"} in the schema`,
        );
      }
    }
    const known = new Set(expectedColumns.map((c) => c.column));
    for (const column of cols.keys()) {
      if (!known.has(column)) diffs.push(`${model.name}: column "${table}"."${column}" exists in the database but not in the schema`);
    }
  }
  for (const table of dbTables) {
    if (table === "_prisma_migrations" || modelTables.has(table)) continue;
    diffs.push(`table "${table}" exists in the database but no model maps to it`);
  }

  // ── keys and indexes ──
  const indexesByTable = new Map<string, DbIndex[]>();
  for (const index of indexesRes.rows) {
    const list = indexesByTable.get(index.table) ?? [];
    list.push(index);
    indexesByTable.set(index.table, list);
  }
  const sameColumns = (a: (string | null)[], b: string[]) => a.length === b.length && a.every((c, i) => c === b[i]);
  for (const index of datamodel.indexes) {
    const table = tableOf.get(index.model);
    const fieldColumns = columnOf.get(index.model);
    if (!table || !fieldColumns || !dbTables.has(table)) continue;
    const columns = index.fields.map((f) => fieldColumns.get(f.name) ?? f.name);
    const desc = index.fields.map((f) => f.sortOrder === "desc");
    const method = (index.algorithm ?? "BTree").toLowerCase();
    const candidates = (indexesByTable.get(table) ?? []).filter((i) => !i.partial && sameColumns(i.columns, columns));
    const label = `${index.model} ${index.type === "id" ? "primary key" : index.type === "unique" ? "unique constraint" : "index"} (${columns.join(", ")})`;
    const found =
      index.type === "id"
        ? candidates.some((i) => i.primary)
        : index.type === "unique"
          ? candidates.some((i) => i.unique && !i.primary)
          : candidates.some(
              (i) => i.method === method && (method !== "btree" || desc.every((d, k) => d === Boolean(i.desc[k]))),
            );
    if (!found) diffs.push(`${label}: missing from the database`);
  }

  const fksByTable = new Map<string, DbForeignKey[]>();
  for (const fk of fksRes.rows) {
    const list = fksByTable.get(fk.table) ?? [];
    list.push(fk);
    fksByTable.set(fk.table, list);
  }
  for (const model of datamodel.models) {
    const table = tableOf.get(model.name);
    if (!table || !dbTables.has(table)) continue;
    for (const field of model.fields) {
      if (field.kind !== "object" || !field.relationFromFields?.length) continue;
      const target = datamodel.models.find((m) => m.name === field.type);
      const targetTable = target ? (target.dbName ?? target.name) : field.type;
      const from = field.relationFromFields.map((f) => columnOf.get(model.name)?.get(f) ?? f);
      const to = (field.relationToFields ?? []).map((f) => columnOf.get(field.type)?.get(f) ?? f);
      const fk = (fksByTable.get(table) ?? []).find(
        (k) => k.ref_table === targetTable && sameColumns(k.columns, from) && sameColumns(k.ref_columns, to),
      );
      const label = `${model.name}.${field.name}: foreign key (${from.join(", ")}) -> "${targetTable}"(${to.join(", ")})`;
      if (!fk) {
        diffs.push(`${label} is missing from the database`);
        continue;
      }
      const requiredFk = field.relationFromFields.every(
        (f) => model.fields.find((x) => x.name === f)?.isRequired ?? false,
      );
      const expectedOnDelete = field.relationOnDelete ?? (requiredFk ? "Restrict" : "SetNull");
      const actualOnDelete = ON_DELETE[fk.on_delete] ?? fk.on_delete;
      if (actualOnDelete !== expectedOnDelete) {
        diffs.push(`${label}: ON DELETE is ${actualOnDelete} in the database, ${expectedOnDelete} in the schema`);
      }
    }
  }

  return diffs;
}

function checkFieldType(field: DmmfField, col: DbColumn, enumDbName: Map<string, string>): string | null {
  const isArray = col.elem_typname !== null;
  if (field.isList !== isArray) {
    return `${isArray ? "an array" : "not an array"} in the database (${col.type}), ${field.isList ? "a list" : "not a list"} in the schema`;
  }
  if (field.kind === "enum") {
    const expected = enumDbName.get(field.type) ?? field.type;
    const [typname, typtype] = isArray ? [col.elem_typname, col.elem_typtype] : [col.typname, col.typtype];
    if (typtype !== "e" || typname !== expected) {
      return `type is ${col.type} in the database, enum ${field.type}${field.isList ? "[]" : ""} in the schema`;
    }
    return null;
  }
  const expected = expectedScalarType(field) + (field.isList ? "[]" : "");
  if (normalizeType(col.type) !== normalizeType(expected)) {
    return `type is ${col.type} in the database, ${expected} (${field.type}${field.nativeType ? ` @db.${field.nativeType[0]}` : ""}) in the schema`;
  }
  return null;
}

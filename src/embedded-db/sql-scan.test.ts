import { describe, expect, it } from "vitest";
import { parseOptions } from "./wire-proxy";
import { REJECT, escapeLiteral, quoteSettingName, scanSql, splitStatements } from "./sql-scan";

describe("splitStatements", () => {
  it("splits on top-level semicolons only", () => {
    const s = splitStatements(
      "select ';' as a; select $$ ; $$; select $tag$ ; $x$ ; $tag$ -- ; comment\n; /* ; /* nested ; */ */ select \"a;b\"",
    );
    expect(s.map((x) => x.words[0])).toEqual(["select", "select", "select", "select"]);
  });

  it("handles E'' strings with backslash-escaped quotes and $n parameters", () => {
    const s = splitStatements("select E'it\\'s; fine', $1; listen x");
    expect(s.map((x) => x.words[0])).toEqual(["select", "listen"]);
  });
});

describe("scanSql", () => {
  it("passes ordinary statements without work", () => {
    for (const sql of ["select $1::int + 1", "insert into t values ($1)", "update t set x = 1", "select 'set x = 1'"]) {
      const r = scanSql(sql);
      expect(r.reject).toBeNull();
      expect(r.sessionChange).toBe(false);
    }
  });

  it("detects session-changing statements", () => {
    expect(scanSql("SET application_name = 'a'").sessionChange).toBe(true);
    expect(scanSql("set search_path to s1, public").sessionChange).toBe(true);
    expect(scanSql("RESET ALL").sessionChange).toBe(true);
    expect(scanSql("select set_config('statement_timeout', '1s', false)").sessionChange).toBe(true);
    expect(scanSql("SET LOCAL statement_timeout = '1s'").sessionChange).toBe(false);
    expect(scanSql("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE").sessionChange).toBe(false);
  });

  it("collects custom setting names", () => {
    expect(scanSql("set app.user_id = '7'").customSettings).toEqual(["app.user_id"]);
    expect(scanSql("select set_config('App.Tenant', $1, false)").customSettings).toEqual(["app.tenant"]);
  });

  it("rejects what cannot be isolated between connections", () => {
    expect(scanSql("PREPARE p AS select 1").reject).toBe(REJECT.sqlPrepare);
    expect(scanSql("execute p").reject).toBe(REJECT.sqlPrepare);
    expect(scanSql("DEALLOCATE ALL").reject).toBe(REJECT.sqlPrepare);
    expect(scanSql("DISCARD ALL").reject).toBe(REJECT.discardAll);
    expect(scanSql("listen foo").reject).toBe(REJECT.listen);
    expect(scanSql("copy t (a, b) from stdin with (format csv)").reject).toBe(REJECT.copyFromStdin);
    expect(scanSql("create table x(a int); COPY x FROM STDIN").reject).toBe(REJECT.copyFromStdin);
    expect(scanSql("create temp table x(a int)").reject).toBe(REJECT.tempTable);
    expect(scanSql("create temporary table x as select 1").reject).toBe(REJECT.tempTable);
    expect(scanSql("select 1 into temp x").reject).toBe(REJECT.tempTable);
    expect(scanSql("declare c cursor with hold for select 1").reject).toBe(REJECT.holdCursor);
  });

  it("allows look-alikes", () => {
    expect(scanSql("copy (select 1) to stdout").reject).toBeNull();
    expect(scanSql("select 'copy t from stdin'").reject).toBeNull();
    expect(scanSql("select 1 -- copy t from stdin").reject).toBeNull();
    expect(scanSql("create temp table x(a int) on commit drop").reject).toBeNull();
    expect(scanSql("discard plans").reject).toBeNull();
    expect(scanSql("unlisten *").reject).toBeNull();
    expect(scanSql("notify foo").reject).toBeNull();
    expect(scanSql("select * from \"temp\"").reject).toBeNull();
    expect(scanSql("create table prepared(execute int)").reject).toBeNull();
    expect(scanSql("declare c cursor for select 1").reject).toBeNull();
  });

  it("flags any mention of stdin for the safety net", () => {
    expect(scanSql("select 'stdin'").mentionsStdin).toBe(true);
    expect(scanSql("select 1").mentionsStdin).toBe(false);
  });
});

describe("quoting helpers", () => {
  it("escapes literals and setting names", () => {
    expect(escapeLiteral("it's \\ ok")).toBe("E'it\\'s \\\\ ok'");
    expect(quoteSettingName("app.user_id")).toBe('"app"."user_id"');
    expect(quoteSettingName('we"ird')).toBe('"we""ird"');
  });

  it("parses startup options", () => {
    expect(parseOptions("-c search_path=s1 --statement-timeout=5s -cwork_mem=8MB")).toEqual([
      ["search_path", "s1"],
      ["statement_timeout", "5s"],
      ["work_mem", "8MB"],
    ]);
    expect(parseOptions("-c application_name=a\\ b")).toEqual([["application_name", "a b"]]);
  });
});

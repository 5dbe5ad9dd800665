import Storage
import Testing

@Suite struct SQLScriptTests {
    @Test func splitsOnTopLevelSemicolonsOnly() {
        let sql = """
            -- a comment; with a semicolon
            CREATE TABLE a (x text DEFAULT 'a;b', "we;ird" int);
            /* block; /* nested; */ still comment; */
            CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'no; way'; END;
            $$;
            SELECT E'it\\'s; fine', 'it''s; fine', $tag$ $$ ; $tag$;
            SELECT $1::int;
            -- trailing comment only
            """
        let statements = SQLScript.statements(sql)
        #expect(statements.count == 4)
        #expect(statements[0].hasSuffix("\"we;ird\" int)"))
        #expect(statements[1].contains("RAISE EXCEPTION 'no; way'; END;"))
        #expect(statements[2].hasSuffix("$tag$ $$ ; $tag$"))
        #expect(statements[3] == "SELECT $1::int")
    }
}

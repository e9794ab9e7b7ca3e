//! Syntax error messages in Cassandra's wording.

use super::syntax_error;

#[test]
fn recorded_messages() {
    assert_eq!(
        syntax_error("SELEC * FROM cf_err_syntax.t"),
        "line 1:0 no viable alternative at input 'SELEC' ([SELEC]...)"
    );
    assert_eq!(
        syntax_error("SELECT * FORM cf_err_syntax.t"),
        "line 1:9 mismatched input 'FORM' expecting K_FROM (SELECT * [FORM]...)"
    );
    assert_eq!(
        syntax_error("SELECT * FROM cf_err_syntax.t WHERE k = 'unterminated"),
        "line 1:53 mismatched character '<EOF>' expecting '''"
    );
    assert_eq!(
        syntax_error("CREATE TABLE t2 (k int PRIMARY KEY, select int)"),
        "line 1:36 mismatched input 'select' expecting ')' (...(k int PRIMARY KEY, [select]...)"
    );
}

#[test]
fn end_of_input_has_no_position_and_no_snippet() {
    assert_eq!(
        syntax_error("SELECT * FROM"),
        "line 0:-1 no viable alternative at input '<EOF>'"
    );
    assert_eq!(
        syntax_error("INSERT INTO t (k) VALUES (1"),
        "line 0:-1 mismatched input '<EOF>' expecting ')'"
    );
    assert_eq!(
        syntax_error(""),
        "line 0:-1 no viable alternative at input '<EOF>'"
    );
}

#[test]
fn trailing_garbage_expects_eof() {
    assert_eq!(
        syntax_error("SELECT * FROM t FOO"),
        "line 1:16 mismatched input 'FOO' expecting EOF (SELECT * FROM t [FOO])"
    );
    assert_eq!(
        syntax_error("SELECT a, b, c, d, e FROM t WHERE k = 1 junk"),
        "line 1:40 mismatched input 'junk' expecting EOF (...t WHERE k = 1 [junk])"
    );
    assert_eq!(
        syntax_error("USE ks extra"),
        "line 1:7 mismatched input 'extra' expecting EOF (USE ks [extra])"
    );
}

#[test]
fn second_token_failures_point_at_the_statement_start() {
    assert_eq!(
        syntax_error("CREATE FOO"),
        "line 1:7 no viable alternative at input 'FOO' ([CREATE] FOO)"
    );
    assert_eq!(
        syntax_error("DROP t"),
        "line 1:5 no viable alternative at input 't' ([DROP] t)"
    );
}

#[test]
fn multi_line_positions_and_utf16_columns() {
    assert_eq!(
        syntax_error("SELECT *\nFROM t\nWHERE k = = 1"),
        "line 3:10 no viable alternative at input '=' (...FROM tWHERE k = [=]...)"
    );
    // Columns count UTF-16 units: '🎉' is two.
    assert!(syntax_error("SELECT '🎉' FROM t WHERE k == 1")
        .starts_with("line 1:28 no viable alternative at input '='"));
}

#[test]
fn lexer_messages() {
    assert_eq!(
        syntax_error("SELECT * FROM t WHERE k = @"),
        "line 1:26 no viable alternative at character '@'"
    );
    assert_eq!(
        syntax_error("SELECT \"abc FROM t"),
        "line 1:18 mismatched character '<EOF>' expecting '\"'"
    );
    assert_eq!(
        syntax_error("SELECT $$abc FROM t"),
        "line 1:19 mismatched character '<EOF>' expecting '$'"
    );
    assert_eq!(
        syntax_error("SELECT * FROM t /* open"),
        "line 1:23 mismatched character '<EOF>' expecting '*'"
    );
    assert_eq!(
        syntax_error("SELECT * FROM t WHERE k ! 1"),
        "line 1:25 mismatched character ' ' expecting '='"
    );
    // A parser error before the bad character is reported first, as Cassandra does.
    assert_eq!(
        syntax_error("SELEC * FROM t WHERE k = 'open"),
        "line 1:0 no viable alternative at input 'SELEC' ([SELEC]...)"
    );
}

#[test]
fn bind_markers_in_names_are_refused() {
    assert_eq!(
        syntax_error("SELECT * FROM ?.t"),
        "Bind variables cannot be used for keyspace names"
    );
    assert_eq!(
        syntax_error("SELECT * FROM ks.?"),
        "Bind variables cannot be used for table names"
    );
    assert_eq!(
        syntax_error("DROP INDEX ?"),
        "Bind variables cannot be used for index names"
    );
}

#[test]
fn properties_must_be_constants_and_unique() {
    assert_eq!(
        syntax_error("CREATE KEYSPACE k WITH replication = {'class': 'S'} AND replication = {}"),
        "Multiple definition for property replication"
    );
    assert_eq!(
        syntax_error("CREATE KEYSPACE k WITH replication = {'class': 'S', 'class': 'T'}"),
        "Multiple definition for property class"
    );
    assert!(
        syntax_error("CREATE KEYSPACE k WITH replication = {'class': ?}")
            .ends_with("(bind variables are not supported in DDL queries)")
    );
}

#[test]
fn strings_show_their_content_in_messages() {
    // Cassandra measures a string token by its content (3 characters here), not its source.
    assert_eq!(
        syntax_error("SELECT * FROM t WHERE 'a''b' = 1"),
        "line 1:22 no viable alternative at input 'a'b' (SELECT * FROM t WHERE ['a']...)"
    );
}

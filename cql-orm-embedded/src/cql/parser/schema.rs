//! Schema statements other than tables: CREATE / ALTER / DROP dispatch, keyspaces, user
//! types, indexes, and WITH properties.

use super::{NameRole, PResult, Parser};
use crate::cql::ast::{
    AlterTypeOp, IndexTarget, Literal, Property, PropertyValue, Statement, Term,
};
use crate::cql::lexer::{Kind, Kw, Sym};
use crate::error::CqlError;

impl Parser<'_> {
    /// `CREATE ...`
    pub(crate) fn create(&mut self) -> PResult<Statement> {
        let start = self.pos;
        match self.kind_at(1) {
            Kind::Keyword(Kw::Keyspace) => {
                self.advance();
                self.advance();
                let if_not_exists = self.if_not_exists()?;
                let name = self.keyspace_name()?;
                self.expect_kw(Kw::With)?;
                let properties = self.properties()?;
                Ok(Statement::CreateKeyspace {
                    if_not_exists,
                    name,
                    properties,
                })
            }
            Kind::Keyword(Kw::ColumnFamily) => {
                self.advance();
                self.advance();
                self.create_table()
            }
            Kind::Keyword(Kw::Index | Kw::Custom) => {
                self.advance();
                self.create_index()
            }
            Kind::Keyword(Kw::Type) => {
                self.advance();
                self.advance();
                self.create_type()
            }
            Kind::Keyword(
                Kw::Or
                | Kw::Function
                | Kw::Aggregate
                | Kw::Trigger
                | Kw::Materialized
                | Kw::User
                | Kw::Role,
            ) => Err(self.unsupported()),
            _ => {
                let at = self.la(1);
                let core = format!("no viable alternative at input {}", self.display(at));
                Err(self.fail_at(core, at, start))
            }
        }
    }

    /// `DROP ...`
    pub(crate) fn drop(&mut self) -> PResult<Statement> {
        let start = self.pos;
        let what = self.kind_at(1);
        match what {
            Kind::Keyword(Kw::Keyspace | Kw::ColumnFamily | Kw::Index | Kw::Type) => {
                self.advance();
                self.advance();
                let if_exists = self.if_exists()?;
                Ok(match what {
                    Kind::Keyword(Kw::Keyspace) => Statement::DropKeyspace {
                        if_exists,
                        name: self.keyspace_name()?,
                    },
                    Kind::Keyword(Kw::ColumnFamily) => Statement::DropTable {
                        if_exists,
                        name: self.table_name()?,
                    },
                    Kind::Keyword(Kw::Index) => Statement::DropIndex {
                        if_exists,
                        name: self.qualified_name(NameRole::Index)?,
                    },
                    _ => Statement::DropType {
                        if_exists,
                        name: self.user_type_name()?,
                    },
                })
            }
            Kind::Keyword(
                Kw::Function | Kw::Aggregate | Kw::Trigger | Kw::Materialized | Kw::User | Kw::Role,
            ) => Err(self.unsupported()),
            _ => {
                let at = self.la(1);
                let core = format!("no viable alternative at input {}", self.display(at));
                Err(self.fail_at(core, at, start))
            }
        }
    }

    /// `ALTER ...`
    pub(crate) fn alter(&mut self) -> PResult<Statement> {
        let start = self.pos;
        match self.kind_at(1) {
            Kind::Keyword(Kw::Keyspace) => {
                self.advance();
                self.advance();
                // Cassandra 4.0 has no IF EXISTS on ALTER statements (added in 4.1).
                let name = self.keyspace_name()?;
                self.expect_kw(Kw::With)?;
                let properties = self.properties()?;
                Ok(Statement::AlterKeyspace { name, properties })
            }
            Kind::Keyword(Kw::ColumnFamily) => {
                self.advance();
                self.advance();
                Ok(Statement::AlterTable(self.alter_table()?))
            }
            Kind::Keyword(Kw::Type) => {
                self.advance();
                self.advance();
                self.alter_type()
            }
            Kind::Keyword(Kw::Materialized | Kw::User | Kw::Role) => Err(self.unsupported()),
            _ => {
                let at = self.la(1);
                let core = format!("no viable alternative at input {}", self.display(at));
                Err(self.fail_at(core, at, start))
            }
        }
    }

    fn create_type(&mut self) -> PResult<Statement> {
        let if_not_exists = self.if_not_exists()?;
        let name = self.user_type_name()?;
        self.expect_sym(Sym::LParen)?;
        let mut fields = Vec::new();
        let field = self.ident()?;
        fields.push((field, self.type_expr()?));
        while self.eat_sym(Sym::Comma) {
            if Self::is_ident(self.kind()) {
                let field = self.ident()?;
                fields.push((field, self.type_expr()?));
            }
        }
        self.expect_sym(Sym::RParen)?;
        Ok(Statement::CreateType {
            if_not_exists,
            name,
            fields,
        })
    }

    fn alter_type(&mut self) -> PResult<Statement> {
        let name = self.user_type_name()?;
        let op = if self.eat_kw(Kw::Alter) {
            let field = self.ident()?;
            self.expect_kw(Kw::Type)?;
            AlterTypeOp::AlterType(field, self.type_expr()?)
        } else if self.eat_kw(Kw::Add) {
            let field = self.ident()?;
            AlterTypeOp::Add(field, self.type_expr()?)
        } else if self.eat_kw(Kw::Rename) {
            AlterTypeOp::Rename(self.renames()?)
        } else {
            return Err(self.no_viable(0));
        };
        Ok(Statement::AlterType { name, op })
    }

    /// `a TO b (AND c TO d)*`
    pub(crate) fn renames(&mut self) -> PResult<Vec<(String, String)>> {
        let mut renames = Vec::new();
        loop {
            let from = self.ident()?;
            self.expect_kw(Kw::To)?;
            renames.push((from, self.ident()?));
            if !self.eat_kw(Kw::And) {
                return Ok(renames);
            }
        }
    }

    fn create_index(&mut self) -> PResult<Statement> {
        let custom = self.eat_kw(Kw::Custom);
        self.expect_kw(Kw::Index)?;
        let if_not_exists = self.if_not_exists()?;
        let name = if self.at_kw(Kw::On) {
            None
        } else {
            Some(self.qualified_index_name()?)
        };
        self.expect_kw(Kw::On)?;
        let table = self.table_name()?;
        self.expect_sym(Sym::LParen)?;
        let mut targets = Vec::new();
        if !self.at_sym(Sym::RParen) {
            targets.push(self.index_target()?);
            while self.eat_sym(Sym::Comma) {
                targets.push(self.index_target()?);
            }
        }
        self.expect_sym(Sym::RParen)?;
        let custom_class = if self.eat_kw(Kw::Using) {
            if self.kind() != Kind::String {
                return Err(self.mismatch("STRING_LITERAL"));
            }
            let class = self.text();
            self.advance();
            Some(class)
        } else {
            None
        };
        let properties = if self.eat_kw(Kw::With) {
            self.properties()?
        } else {
            Vec::new()
        };
        let mut targets = targets.into_iter();
        let target = match (targets.next(), targets.next(), custom) {
            (Some(target), None, _) => target,
            (None, _, false) => {
                self.defer(CqlError::invalid(
                    "Only CUSTOM indexes can be created without specifying a target column",
                ));
                IndexTarget::Values(String::new(), false)
            }
            (Some(target), Some(_), false) => {
                self.defer(CqlError::invalid("Only CUSTOM indexes support multiple columns"));
                target
            }
            (_, _, true) => {
                return Err(CqlError::invalid(
                    "CUSTOM indexes on several or no columns are not supported by the embedded CQL node",
                ))
            }
        };
        Ok(Statement::CreateIndex {
            if_not_exists,
            name,
            table,
            target,
            custom_class,
            properties,
        })
    }

    /// An index name in CREATE INDEX (`idxName`, never keyspace-qualified).
    fn qualified_index_name(&mut self) -> PResult<String> {
        self.qualified_name(NameRole::Index)
            .and_then(|q| match q.keyspace {
                None => Ok(q.name),
                Some(_) => Err(self.no_viable(0)),
            })
    }

    /// `indexIdent`
    fn index_target(&mut self) -> PResult<IndexTarget> {
        let wrapped = self.kind_at(1) == Kind::Sym(Sym::LParen);
        let kind = self.kind();
        let wrapper = match kind {
            Kind::Keyword(Kw::Values | Kw::Keys | Kw::Entries | Kw::Full) if wrapped => kind,
            _ => return Ok(IndexTarget::Values(self.cident()?, false)),
        };
        self.advance();
        self.advance();
        let column = self.cident()?;
        self.expect_sym(Sym::RParen)?;
        Ok(match wrapper {
            Kind::Keyword(Kw::Values) => IndexTarget::Values(column, true),
            Kind::Keyword(Kw::Keys) => IndexTarget::Keys(column),
            Kind::Keyword(Kw::Entries) => IndexTarget::Entries(column),
            _ => IndexTarget::Full(column),
        })
    }

    /// `properties`: `property (AND property)*`, refusing a property defined twice.
    pub(crate) fn properties(&mut self) -> PResult<Vec<Property>> {
        let mut properties = Vec::new();
        loop {
            self.property_into(&mut properties)?;
            if !self.eat_kw(Kw::And) {
                return Ok(properties);
            }
        }
    }

    /// `property`: `name = constant | name = unreserved_keyword | name = {map}`.
    pub(crate) fn property_into(&mut self, properties: &mut Vec<Property>) -> PResult<()> {
        let name = self.ident()?;
        self.expect_sym(Sym::Eq)?;
        let value = if self.at_sym(Sym::LBrace) {
            self.property_map()?
        } else if self.at_constant() {
            PropertyValue::Literal(self.constant()?)
        } else if let Kind::Keyword(kw) = self.kind() {
            if !kw.is_unreserved() {
                return Err(self.no_viable(0));
            }
            let text = self.text();
            self.advance();
            PropertyValue::Identifier(text)
        } else {
            return Err(self.no_viable(0));
        };
        if properties.iter().any(|p| p.name == name) {
            return Err(self.recognition(format!("Multiple definition for property {name}")));
        }
        properties.push(Property { name, value });
        Ok(())
    }

    /// `fullMapLiteral` whose keys and values must all be constants.
    fn property_map(&mut self) -> PResult<PropertyValue> {
        self.advance();
        let mut raw = Vec::new();
        if !self.eat_sym(Sym::RBrace) {
            loop {
                let key = self.term()?;
                self.expect_sym(Sym::Colon)?;
                raw.push((key, self.term()?));
                if !self.eat_sym(Sym::Comma) {
                    break;
                }
            }
            self.expect_sym(Sym::RBrace)?;
        }
        let mut entries: Vec<(Literal, Literal)> = Vec::new();
        for (key, value) in raw {
            let key = match key {
                Term::Literal(l) if l != Literal::Null => l,
                other => {
                    return Err(self.recognition(format!(
                        "Invalid property name: {}{}",
                        term_text(&other),
                        marker_note(&other)
                    )))
                }
            };
            let value = match value {
                Term::Literal(l) if l != Literal::Null => l,
                other => {
                    return Err(self.recognition(format!(
                        "Invalid property value: {} for property: {}{}",
                        term_text(&other),
                        literal_text(&key),
                        marker_note(&other)
                    )))
                }
            };
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(self.recognition(format!(
                    "Multiple definition for property {}",
                    literal_text(&key)
                )));
            }
            entries.push((key, value));
        }
        Ok(PropertyValue::Map(entries))
    }
}

fn marker_note(term: &Term) -> &'static str {
    match term {
        Term::Bind(_) => " (bind variables are not supported in DDL queries)",
        _ => "",
    }
}

/// A constant's raw text, as Cassandra's `getRawText()`.
fn literal_text(l: &Literal) -> String {
    match l {
        Literal::String(s) | Literal::Integer(s) | Literal::Float(s) | Literal::Duration(s) => {
            s.clone()
        }
        Literal::NaN => "NaN".to_string(),
        Literal::Infinity { negative: true } => "-Infinity".to_string(),
        Literal::Infinity { negative: false } => "Infinity".to_string(),
        Literal::Boolean(b) => b.to_string(),
        Literal::Uuid(u) => u.to_string(),
        Literal::Blob(b) => format!(
            "0x{}",
            b.iter().map(|x| format!("{x:02x}")).collect::<String>()
        ),
        Literal::Null => "null".to_string(),
    }
}

/// A short rendering of a non-constant term for property errors.
fn term_text(t: &Term) -> String {
    match t {
        Term::Literal(l) => literal_text(l),
        Term::Bind(_) => "?".to_string(),
        Term::Function { name, .. } => format!("{}(...)", name.name),
        Term::List(_) => "[...]".to_string(),
        Term::Set(_) | Term::Map(_) | Term::Udt(_) => "{...}".to_string(),
        Term::Tuple(_) => "(...)".to_string(),
        Term::TypeHint { term, .. } => term_text(term),
    }
}

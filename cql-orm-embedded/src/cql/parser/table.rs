//! CREATE TABLE and ALTER TABLE.

use super::{PResult, Parser};
use crate::cql::ast::{AlterTable, AlterTableOp, ColumnDef, CreateTable, Order, Statement};
use crate::cql::lexer::{Kind, Kw, Sym};
use crate::error::CqlError;

impl Parser<'_> {
    /// `createTableStatement` after `CREATE TABLE`.
    pub(crate) fn create_table(&mut self) -> PResult<Statement> {
        let if_not_exists = self.if_not_exists()?;
        let name = self.table_name()?;
        let mut table = CreateTable {
            if_not_exists,
            name,
            columns: Vec::new(),
            partition_key: Vec::new(),
            clustering_key: Vec::new(),
            clustering_order: Vec::new(),
            compact_storage: false,
            properties: Vec::new(),
        };
        self.expect_sym(Sym::LParen)?;
        let mut key_given = false;
        self.table_column(&mut table, &mut key_given)?;
        while self.eat_sym(Sym::Comma) {
            if Self::is_ident(self.kind()) || self.at_kw(Kw::Primary) {
                self.table_column(&mut table, &mut key_given)?;
            }
        }
        self.expect_sym(Sym::RParen)?;
        if self.eat_kw(Kw::With) {
            loop {
                self.table_property(&mut table)?;
                if !self.eat_kw(Kw::And) {
                    break;
                }
            }
        }
        Ok(Statement::CreateTable(table))
    }

    /// `tableColumns`: a column definition or a `PRIMARY KEY (...)` clause.
    fn table_column(&mut self, table: &mut CreateTable, key_given: &mut bool) -> PResult<()> {
        if self.eat_kw(Kw::Primary) {
            self.expect_kw(Kw::Key)?;
            self.expect_sym(Sym::LParen)?;
            let mut partition = Vec::new();
            if self.eat_sym(Sym::LParen) {
                partition.push(self.ident()?);
                while self.eat_sym(Sym::Comma) {
                    partition.push(self.ident()?);
                }
                self.expect_sym(Sym::RParen)?;
            } else {
                partition.push(self.ident()?);
            }
            let mut clustering = Vec::new();
            while self.eat_sym(Sym::Comma) {
                clustering.push(self.ident()?);
            }
            self.expect_sym(Sym::RParen)?;
            self.primary_key_once(key_given)?;
            table.partition_key = partition;
            table.clustering_key.extend(clustering);
            return Ok(());
        }
        let name = self.ident()?;
        let ty = self.type_expr()?;
        let is_static = self.eat_kw(Kw::Static);
        let primary_key = self.eat_kw(Kw::Primary);
        if primary_key {
            self.expect_kw(Kw::Key)?;
            self.primary_key_once(key_given)?;
        }
        table.columns.push(ColumnDef {
            name,
            ty,
            is_static,
            primary_key,
        });
        Ok(())
    }

    /// Cassandra refuses a second PRIMARY KEY while parsing, with an Invalid error.
    fn primary_key_once(&mut self, key_given: &mut bool) -> PResult<()> {
        if *key_given {
            return Err(CqlError::invalid(
                "Multiple PRIMARY KEYs specified (exactly one required)",
            ));
        }
        *key_given = true;
        Ok(())
    }

    /// `tableProperty`: COMPACT STORAGE, CLUSTERING ORDER BY (...), or a property.
    fn table_property(&mut self, table: &mut CreateTable) -> PResult<()> {
        if self.at_kw(Kw::Compact) && self.kind_at(1) == Kind::Keyword(Kw::Storage) {
            self.advance();
            self.advance();
            table.compact_storage = true;
            return Ok(());
        }
        if self.at_kw(Kw::Clustering) && self.kind_at(1) == Kind::Keyword(Kw::Order) {
            self.advance();
            self.advance();
            self.expect_kw(Kw::By)?;
            self.expect_sym(Sym::LParen)?;
            loop {
                let column = self.ident()?;
                let order = if self.eat_kw(Kw::Asc) {
                    Order::Asc
                } else if self.eat_kw(Kw::Desc) {
                    Order::Desc
                } else {
                    return Err(self.no_viable(0));
                };
                table.clustering_order.push((column, order));
                if !self.eat_sym(Sym::Comma) {
                    break;
                }
            }
            return self.expect_sym(Sym::RParen);
        }
        self.property_into(&mut table.properties)
    }

    /// `alterTableStatement` after `ALTER TABLE`.
    pub(crate) fn alter_table(&mut self) -> PResult<AlterTable> {
        let name = self.table_name()?;
        let op = match self.kind() {
            Kind::Keyword(Kw::Alter) => {
                self.advance();
                let column = self.cident()?;
                self.expect_kw(Kw::Type)?;
                AlterTableOp::AlterType(column, self.type_expr()?)
            }
            Kind::Keyword(Kw::Add) => {
                self.advance();
                let mut columns = Vec::new();
                if self.eat_sym(Sym::LParen) {
                    columns.push(self.added_column()?);
                    while self.eat_sym(Sym::Comma) {
                        columns.push(self.added_column()?);
                    }
                    self.expect_sym(Sym::RParen)?;
                } else {
                    columns.push(self.added_column()?);
                }
                AlterTableOp::Add(columns)
            }
            Kind::Keyword(Kw::Drop) => {
                if self.kind_at(1) == Kind::Keyword(Kw::Compact)
                    && self.kind_at(2) == Kind::Keyword(Kw::Storage)
                {
                    return Err(CqlError::invalid(
                        "ALTER TABLE ... DROP COMPACT STORAGE is not supported by the embedded CQL node",
                    ));
                }
                self.advance();
                self.dropped_columns()?
            }
            Kind::Keyword(Kw::Rename) => {
                self.advance();
                AlterTableOp::Rename(self.renames()?)
            }
            Kind::Keyword(Kw::With) => {
                self.advance();
                AlterTableOp::With(self.properties()?)
            }
            _ => return Err(self.no_viable(0)),
        };
        Ok(AlterTable { name, op })
    }

    /// `ident type STATIC?` in ALTER TABLE ADD.
    fn added_column(&mut self) -> PResult<ColumnDef> {
        let name = self.ident()?;
        let ty = self.type_expr()?;
        let is_static = self.eat_kw(Kw::Static);
        Ok(ColumnDef {
            name,
            ty,
            is_static,
            primary_key: false,
        })
    }

    /// The columns of ALTER TABLE DROP and its optional `USING TIMESTAMP n`.
    fn dropped_columns(&mut self) -> PResult<AlterTableOp> {
        let mut columns = Vec::new();
        if self.eat_sym(Sym::LParen) {
            columns.push(self.ident()?);
            while self.eat_sym(Sym::Comma) {
                columns.push(self.ident()?);
            }
            self.expect_sym(Sym::RParen)?;
        } else {
            columns.push(self.ident()?);
        }
        let mut timestamp = None;
        if self.eat_kw(Kw::Using) {
            self.expect_kw(Kw::Timestamp)?;
            if self.kind() != Kind::Integer {
                return Err(self.mismatch("INTEGER"));
            }
            let text = self.text();
            match text.parse::<i64>() {
                Ok(t) => timestamp = Some(t),
                Err(_) => {
                    return Err(CqlError::syntax(format!(
                        "Failed parsing statement: [{}] reason: NumberFormatException For input string: \"{text}\"",
                        self.src
                    )))
                }
            }
            self.advance();
        }
        Ok(AlterTableOp::Drop(columns, timestamp))
    }
}

//! Rules for `#[derive(Model)]`.

use crate::internals::ast::{IndexTarget, Model, ModelField, Role, ValueKind};
use crate::internals::attr::OptionValue;
use crate::internals::cql_type::CollectionKind;
use crate::internals::ctxt::Ctxt;
use crate::internals::ident::NameKind;

/// Validates a model, recording every violation in `cx`.
pub(crate) fn model(cx: &Ctxt, m: &Model<'_>) {
    let attribute_errors = cx.has_errors();
    super::identifier(cx, NameKind::Table, &m.table);
    if let Some(ks) = &m.keyspace {
        super::identifier(cx, NameKind::Keyspace, ks);
    }
    for f in m.columns() {
        super::identifier(cx, NameKind::Column, &f.column);
    }
    super::unique_names(
        cx,
        "column",
        m.columns().map(|f| (&f.column, f.ident.to_string())),
    );

    if m.partition_key().next().is_none() && !attribute_errors {
        cx.error_spanned_by(
            m.ident,
            format!(
                "table `{}` has no partition key: mark at least one field `#[cql(partition_key)]`",
                m.table.value
            ),
        );
    }

    let has_clustering = m.clustering().next().is_some();
    let single_partition_column = m.partition_key().count() == 1;
    for f in &m.fields {
        field_keys(cx, f);
        if !f.is_column() {
            continue;
        }
        key_column(cx, f);
        if let Some(span) = f.attrs.static_ {
            if f.role == Role::Static && !has_clustering {
                cx.error_at(
                    span,
                    format!(
                        "static column `{}` needs clustering columns: table `{}` has none",
                        f.column.value, m.table.value
                    ),
                );
            }
        }
        index(cx, f, single_partition_column);
    }
    counters(cx, m);
}

/// Keys that contradict each other on one field.
fn field_keys(cx: &Ctxt, f: &ModelField<'_>) {
    let a = &f.attrs;
    let col = &f.column.value;
    if a.skip.is_some() {
        let others = [
            ("partition_key", a.partition_key),
            ("clustering_key", a.clustering_key),
            ("order", a.order.as_ref().map(|o| o.key)),
            ("static", a.static_),
            ("index", a.index.as_ref().map(|i| i.key)),
            ("name", a.name.as_ref().map(|n| n.key)),
            ("type", a.cql_type.as_ref().map(|t| t.key)),
        ];
        for (key, span) in others {
            if let Some(span) = span {
                cx.error_at(
                    span,
                    format!(
                        "`{key}` on a `skip` field: field `{}` is not a column",
                        f.ident
                    ),
                );
            }
        }
        return;
    }
    if let (Some(_), Some(span)) = (a.partition_key, a.clustering_key) {
        cx.error_at(
            span,
            format!("column `{col}` cannot be both a partition key and a clustering column"),
        );
    }
    if let Some(order) = &a.order {
        if a.clustering_key.is_none() {
            cx.error_at(
                order.key,
                format!(
                    "`order` applies only to clustering columns: `{col}` is not a `clustering_key`"
                ),
            );
        }
    }
    if let Some(span) = a.static_ {
        if f.role.is_key() {
            cx.error_at(span, format!("primary key column `{col}` cannot be static"));
        }
    }
    if let Some(default) = &a.default {
        if f.role.is_key() {
            cx.error_at(
                default.key,
                format!("primary key column `{col}` is never null, so `default` never applies"),
            );
        }
    }
}

/// Rules for the types of primary key columns.
fn key_column(cx: &Ctxt, f: &ModelField<'_>) {
    if !f.role.is_key() {
        return;
    }
    let col = &f.column.value;
    if let Some(opt) = f.option {
        cx.error_spanned_by(
            opt,
            format!(
                "primary key column `{col}` cannot be `Option`: CQL key columns are never null"
            ),
        );
    }
    let type_span = |cx: &Ctxt, msg: String| match &f.attrs.cql_type {
        Some(t) => cx.error_at(t.span, msg),
        None => cx.error_spanned_by(f.value_ty, msg),
    };
    match f.kind {
        ValueKind::Counter => type_span(
            cx,
            format!("counter column `{col}` cannot be part of the primary key"),
        ),
        ValueKind::Collection(kind) => type_span(
            cx,
            format!(
                "primary key column `{col}` is a non-frozen {}: key columns must be frozen, wrap the type in `Frozen<...>`",
                collection_name(kind)
            ),
        ),
        ValueKind::UnfrozenUdt => type_span(
            cx,
            format!("primary key column `{col}` is a non-frozen user-defined type: write `frozen<...>`"),
        ),
        ValueKind::Frozen | ValueKind::Other => {}
    }
}

fn collection_name(kind: CollectionKind) -> &'static str {
    match kind {
        CollectionKind::List => "list",
        CollectionKind::Set => "set",
        CollectionKind::Map => "map",
    }
}

/// Rules for `index`.
fn index(cx: &Ctxt, f: &ModelField<'_>, single_partition_column: bool) {
    let Some(idx) = &f.attrs.index else { return };
    let col = &f.column.value;
    if f.kind == ValueKind::Counter {
        cx.error_at(
            idx.key,
            format!("counter column `{col}` cannot have a secondary index"),
        );
        return;
    }
    if f.role == Role::PartitionKey && single_partition_column {
        cx.error_at(
            idx.key,
            format!("`{col}` is the only partition key column and cannot have a secondary index"),
        );
        return;
    }
    let target_ok = match idx.value {
        IndexTarget::Column => true,
        IndexTarget::Values => matches!(f.kind, ValueKind::Collection(_)),
        IndexTarget::Keys | IndexTarget::Entries => {
            f.kind == ValueKind::Collection(CollectionKind::Map)
        }
        IndexTarget::Full => f.kind == ValueKind::Frozen,
    };
    if !target_ok {
        let (target, needs) = match idx.value {
            IndexTarget::Values => ("values", "a non-frozen list, set or map"),
            IndexTarget::Keys => ("keys", "a non-frozen map"),
            IndexTarget::Entries => ("entries", "a non-frozen map"),
            IndexTarget::Full | IndexTarget::Column => ("full", "a frozen collection"),
        };
        cx.error_at(
            idx.span,
            format!("`index = \"{target}\"` needs {needs} column; `{col}` is not one"),
        );
    }
}

/// Counter tables: every column outside the primary key is a counter, and no TTL.
fn counters(cx: &Ctxt, m: &Model<'_>) {
    let Some(counter) = m.non_key().find(|f| f.kind == ValueKind::Counter) else {
        return;
    };
    for f in m.non_key().filter(|f| f.kind != ValueKind::Counter) {
        cx.error_spanned_by(
            f.ident,
            format!(
                "cannot mix counter and non-counter columns: table `{}` has counter column `{}`, so `{}` must be a counter or part of the primary key",
                m.table.value, counter.column.value, f.column.value
            ),
        );
    }
    for opt in &m.options {
        if opt.name == "default_time_to_live" && opt.value != OptionValue::Int(0) {
            cx.error_at(
                opt.span,
                format!(
                    "cannot set `default_time_to_live` on table `{}`: it has counter columns",
                    m.table.value
                ),
            );
        }
    }
}

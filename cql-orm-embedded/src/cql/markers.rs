//! Collects the bind markers of a parsed statement, in order of their indexes.

use super::ast::{
    Assignment, BatchStatement, BindMarker, Condition, ConditionTarget, Delete, DeleteTarget,
    InValues, Insert, Relation, Select, Selection, Selector, Statement, Term, Update, Using,
};

/// Every bind marker of `stmt`, sorted by [`BindMarker::index`].
pub fn bind_markers(stmt: &Statement) -> Vec<&BindMarker> {
    let mut out = Vec::new();
    match stmt {
        Statement::Select(s) => select(s, &mut out),
        Statement::Insert(i) => insert(i, &mut out),
        Statement::Update(u) => update(u, &mut out),
        Statement::Delete(d) => delete(d, &mut out),
        Statement::Batch(b) => {
            using(&b.using, &mut out);
            for s in &b.statements {
                match s {
                    BatchStatement::Insert(i) => insert(i, &mut out),
                    BatchStatement::Update(u) => update(u, &mut out),
                    BatchStatement::Delete(d) => delete(d, &mut out),
                }
            }
        }
        // Schema statements: markers can only appear in property maps, which refuse them.
        _ => {}
    }
    out.sort_by_key(|m| m.index);
    out
}

/// The number of bind markers of `stmt` (the values an EXECUTE must bind).
pub fn bind_marker_count(stmt: &Statement) -> usize {
    bind_markers(stmt).len()
}

fn term<'a>(t: &'a Term, out: &mut Vec<&'a BindMarker>) {
    match t {
        Term::Literal(_) => {}
        Term::Bind(m) => out.push(m),
        Term::List(items) | Term::Set(items) | Term::Tuple(items) => {
            items.iter().for_each(|i| term(i, out))
        }
        Term::Map(entries) => entries.iter().for_each(|(k, v)| {
            term(k, out);
            term(v, out);
        }),
        Term::Udt(fields) => fields.iter().for_each(|(_, v)| term(v, out)),
        Term::Function { args, .. } => args.iter().for_each(|a| term(a, out)),
        Term::TypeHint { term: inner, .. } => term(inner, out),
    }
}

fn opt_term<'a>(t: &'a Option<Term>, out: &mut Vec<&'a BindMarker>) {
    if let Some(t) = t {
        term(t, out);
    }
}

fn using<'a>(u: &'a Using, out: &mut Vec<&'a BindMarker>) {
    opt_term(&u.ttl, out);
    opt_term(&u.timestamp, out);
}

fn in_values<'a>(v: &'a InValues, out: &mut Vec<&'a BindMarker>) {
    match v {
        InValues::List(items) => items.iter().for_each(|i| term(i, out)),
        InValues::Marker(m) => out.push(m),
    }
}

fn relations<'a>(rels: &'a [Relation], out: &mut Vec<&'a BindMarker>) {
    for r in rels {
        match r {
            Relation::Compare { rhs, .. } => term(rhs, out),
            Relation::In { values, .. } => in_values(values, out),
            Relation::Contains { value, .. } => term(value, out),
            Relation::MapEntry { key, value, .. } => {
                term(key, out);
                term(value, out);
            }
            Relation::IsNotNull(_) => {}
        }
    }
}

fn conditions<'a>(conds: &'a [Condition], out: &mut Vec<&'a BindMarker>) {
    for c in conds {
        let (target, rest): (&ConditionTarget, Option<&Term>) = match c {
            Condition::Compare { target, value, .. } => (target, Some(value)),
            Condition::In { target, .. } => (target, None),
        };
        if let ConditionTarget::Element(_, key) = target {
            term(&key.0, out);
        }
        match (c, rest) {
            (_, Some(v)) => term(v, out),
            (Condition::In { values, .. }, None) => in_values(values, out),
            _ => {}
        }
    }
}

fn write_condition<'a>(c: &'a super::ast::WriteCondition, out: &mut Vec<&'a BindMarker>) {
    if let super::ast::WriteCondition::Conditions(conds) = c {
        conditions(conds, out);
    }
}

fn selector<'a>(s: &'a Selector, out: &mut Vec<&'a BindMarker>) {
    match s {
        Selector::Column(_) | Selector::CountStar | Selector::WriteTime(_) | Selector::Ttl(_) => {}
        Selector::Function { args, .. } => args.iter().for_each(|a| selector(a, out)),
        Selector::Cast(inner, _) | Selector::Field(inner, _) => selector(inner, out),
        Selector::Element(inner, key) => {
            selector(inner, out);
            term(key, out);
        }
        Selector::Slice(inner, from, to) => {
            selector(inner, out);
            opt_term(from, out);
            opt_term(to, out);
        }
        Selector::Term(t) => term(t, out),
    }
}

fn select<'a>(s: &'a Select, out: &mut Vec<&'a BindMarker>) {
    if let Selection::List(items) = &s.selection {
        items.iter().for_each(|(sel, _)| selector(sel, out));
    }
    relations(&s.where_clause, out);
    opt_term(&s.per_partition_limit, out);
    opt_term(&s.limit, out);
}

fn insert<'a>(i: &'a Insert, out: &mut Vec<&'a BindMarker>) {
    i.values.iter().for_each(|v| term(v, out));
    opt_term(&i.json, out);
    using(&i.using, out);
}

fn update<'a>(u: &'a Update, out: &mut Vec<&'a BindMarker>) {
    using(&u.using, out);
    for a in &u.assignments {
        match a {
            Assignment::Set(_, v)
            | Assignment::SetField(_, _, v)
            | Assignment::Add(_, v)
            | Assignment::Prepend(_, v)
            | Assignment::Subtract(_, v) => term(v, out),
            Assignment::SetElement(_, key, v) => {
                term(&key.0, out);
                term(v, out);
            }
        }
    }
    relations(&u.where_clause, out);
    write_condition(&u.condition, out);
}

fn delete<'a>(d: &'a Delete, out: &mut Vec<&'a BindMarker>) {
    for t in &d.targets {
        if let DeleteTarget::Element(_, key) = t {
            term(key, out);
        }
    }
    using(&d.using, out);
    relations(&d.where_clause, out);
    write_condition(&d.condition, out);
}

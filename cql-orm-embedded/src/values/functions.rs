//! Native CQL functions (placeholder while the registry is being written).

//! Native protocol v4: frames, request and response bodies.

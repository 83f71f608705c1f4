//! Node control: the legal sequence of nodes per procurement method, as a pure transition
//! function.

mod node;

pub use node::Node;

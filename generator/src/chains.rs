//! Chains: graphs in which each node points to at most one other (a `$ref` object to its
//! target, a type alias to the type it names). Their loops are found in one walk that visits
//! each node once, so the cost stays linear however long the chains are (a spec with a chain
//! of 4,000 `$ref`s once took 37 s to check, walking each chain again from every node).

use std::collections::{BTreeMap, BTreeSet};

/// Every loop of `next`, each once, as its nodes in order along the loop, starting from the
/// node where a walk in key order first meets it (so the output is deterministic).
pub fn loops<K: Ord + Clone>(next: &BTreeMap<K, K>) -> Vec<Vec<K>> {
    let mut found = Vec::new();
    let mut done: BTreeSet<&K> = BTreeSet::new();
    for start in next.keys() {
        // The chain from `start` until it meets a node already walked, by this walk or an
        // earlier one; meeting this walk's own path closes a loop.
        let mut path: Vec<&K> = Vec::new();
        let mut at = Some(start);
        while let Some(node) = at.filter(|node| !done.contains(node)) {
            done.insert(node);
            path.push(node);
            at = next.get(node);
        }
        let closed = at.and_then(|met| path.iter().position(|&node| node == met));
        if let Some(i) = closed {
            found.push(path[i..].iter().map(|&node| node.clone()).collect());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_loop_is_found_once_and_chains_into_loops_are_not_loops() {
        // a → b → c → b (the loop b, c), d → a (a chain into it), e → f (no loop), g → g.
        let next = BTreeMap::from([
            ("a", "b"),
            ("b", "c"),
            ("c", "b"),
            ("d", "a"),
            ("e", "f"),
            ("g", "g"),
        ]);
        assert_eq!(loops(&next), vec![vec!["b", "c"], vec!["g"]]);
    }

    #[test]
    fn a_long_chain_is_walked_once() {
        let next: BTreeMap<u32, u32> = (0..200_000).map(|i| (i, i + 1)).collect();
        assert!(loops(&next).is_empty());
        let mut ring = next;
        ring.insert(200_000, 0);
        assert_eq!(loops(&ring)[0].len(), 200_001);
    }
}

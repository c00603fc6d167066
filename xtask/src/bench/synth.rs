//! Synthetic specs for the scaling benchmark: `n` operations over `n / 5` resources, each a
//! CRUD set (list with paging query parameters, create with a JSON body, get, update, delete
//! with a path parameter) around its own component schema of seven properties (strings, an
//! integer, a date-time, an enum, an array and a nested object), so that types grow with
//! operations as in real APIs.

/// The OpenAPI 3.0 document (JSON) with exactly `operations` operations.
pub fn spec(operations: usize) -> String {
    let resources = operations.div_ceil(5);
    let mut paths = Vec::new();
    let mut schemas = Vec::new();
    let mut left = operations;
    for r in 0..resources {
        let thing = format!("Thing{r}");
        let reference = format!(r##"{{"$ref":"#/components/schemas/{thing}"}}"##);
        let ok = |schema: &str| {
            format!(
                r#"{{"200":{{"description":"OK","content":{{"application/json":{{"schema":{schema}}}}}}},"404":{{"description":"Not found"}}}}"#
            )
        };
        let list = format!(
            r#""get":{{"operationId":"list{thing}s","tags":["t{tag}"],"summary":"List things {r}","parameters":[{{"name":"limit","in":"query","schema":{{"type":"integer","minimum":1,"maximum":100}}}},{{"name":"cursor","in":"query","schema":{{"type":"string"}}}}],"responses":{responses}}}"#,
            tag = r % 20,
            responses = ok(&format!(r#"{{"type":"array","items":{reference}}}"#))
        );
        let create = format!(
            r#""post":{{"operationId":"create{thing}","tags":["t{tag}"],"requestBody":{{"required":true,"content":{{"application/json":{{"schema":{reference}}}}}}},"responses":{responses}}}"#,
            tag = r % 20,
            responses = ok(&reference)
        );
        let id = r#"{"name":"id","in":"path","required":true,"schema":{"type":"string"}}"#;
        let get = format!(
            r#""get":{{"operationId":"get{thing}","tags":["t{tag}"],"parameters":[{id}],"responses":{responses}}}"#,
            tag = r % 20,
            responses = ok(&reference)
        );
        let update = format!(
            r#""put":{{"operationId":"update{thing}","tags":["t{tag}"],"parameters":[{id}],"requestBody":{{"required":true,"content":{{"application/json":{{"schema":{reference}}}}}}},"responses":{responses}}}"#,
            tag = r % 20,
            responses = ok(&reference)
        );
        let delete = format!(
            r#""delete":{{"operationId":"delete{thing}","tags":["t{tag}"],"parameters":[{id}],"responses":{{"204":{{"description":"Deleted"}}}}}}"#,
            tag = r % 20
        );
        let take = left.min(5);
        left -= take;
        let ops = [list, create, get, update, delete];
        let collection: Vec<&String> = ops[..take.min(2)].iter().collect();
        let item: Vec<&String> = ops[2..take.max(2)].iter().collect();
        let join = |v: Vec<&String>| v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",");
        if !collection.is_empty() {
            paths.push(format!(r#""/things{r}":{{{}}}"#, join(collection)));
        }
        if !item.is_empty() {
            paths.push(format!(r#""/things{r}/{{id}}":{{{}}}"#, join(item)));
        }
        schemas.push(format!(
            r#""{thing}":{{"type":"object","required":["id","name"],"properties":{{"id":{{"type":"string"}},"name":{{"type":"string","description":"Name of thing {r}."}},"count":{{"type":"integer","format":"int64"}},"createdAt":{{"type":"string","format":"date-time"}},"status":{{"type":"string","enum":["active","archived","deleted"]}},"labels":{{"type":"array","items":{{"type":"string"}}}},"owner":{{"type":"object","properties":{{"id":{{"type":"string"}},"email":{{"type":"string"}}}}}}}}}}"#
        ));
    }
    format!(
        r#"{{"openapi":"3.0.3","info":{{"title":"Synthetic API","version":"1.0.0"}},"servers":[{{"url":"https://api.example.com/v1"}}],"paths":{{{}}},"components":{{"schemas":{{{}}}}}}}"#,
        paths.join(","),
        schemas.join(",")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::tests::TempDir;

    #[test]
    fn has_exactly_the_operations_asked_for() {
        for n in [1, 2, 3, 5, 7, 100] {
            assert_eq!(spec(n).matches("\"operationId\"").count(), n, "{n}");
        }
    }

    #[test]
    fn generates() {
        let dir = TempDir::new("bench-synth");
        let path = dir.join("synthetic.json");
        std::fs::write(&path, spec(52)).unwrap();
        let output = generator::generate(&generator::Input {
            spec: &path,
            config: None,
            name: Some("synthetic"),
        })
        .unwrap();
        assert_eq!(output.stats.operations, 52);
        assert_eq!(output.stats.skipped, 0);
    }
}

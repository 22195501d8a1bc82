import Foundation
import OpenEMCore
import Testing

@testable import OpenEMServer

/// The OpenAPI document and the data dictionary say the same: a schema that is an entity has exactly its fields,
/// each with the dictionary's description.
@Suite struct OpenAPIDictionaryTests {
    /// Read once, never written.
    nonisolated(unsafe) static let schemas: [String: Any] = {
        let doc = try! JSONSerialization.jsonObject(with: Data(OpenAPIDescription.json.utf8)) as! [String: Any]
        return (doc["components"] as! [String: Any])["schemas"] as! [String: Any]
    }()

    /// Every property path of a schema (nested objects and lists of objects dotted, references not followed), with
    /// its description.
    static func properties(_ schema: Any?, prefix: String = "") -> [String: String?] {
        guard let s = schema as? [String: Any] else { return [:] }
        var out: [String: String?] = [:]
        if let items = s["items"] { out.merge(properties(items, prefix: prefix)) { a, _ in a } }
        for (name, prop) in s["properties"] as? [String: Any] ?? [:] {
            let path = prefix.isEmpty ? name : "\(prefix).\(name)"
            out[path] = (prop as? [String: Any])?["description"] as? String
            out.merge(properties(prop, prefix: path)) { a, _ in a }
        }
        return out
    }

    @Test func everyPropertyOfAnEntitysSchemaIsAFieldAndEveryFieldAProperty() throws {
        for (schema, entity) in OpenAPISchemas.entityOfSchema + OpenAPISchemas.generatedEntities {
            let e = try #require(DataDictionary.entity(entity), "\(schema): no entity \(entity)")
            let props = Self.properties(Self.schemas[schema])
            let fields = Set(e.fields.map(\.name))
            #expect(Set(props.keys).subtracting(fields).sorted() == [], "\(schema) properties that are not fields of \(entity)")
            #expect(fields.subtracting(props.keys).sorted() == [], "fields of \(entity) that \(schema) lacks")
            for f in e.fields where props[f.name] != nil {
                #expect(props[f.name]! == f.description, "\(schema).\(f.name) is not described as the dictionary says")
            }
        }
    }

    @Test func codesComeFromTheDictionaryAndEveryReferenceResolves() throws {
        let alert = try #require(Self.schemas["Alert"] as? [String: Any])
        let props = try #require(alert["properties"] as? [String: Any])
        // Written by hand as a plain string; the dictionary gives its codes.
        let violationType = try #require(props["violationType"] as? [String: Any])
        #expect(violationType["enum"] as? [String] == ViolationType.allCases.map(\.rawValue))
        // A draft's nested entity is described by that entity.
        let draft = Self.properties(Self.schemas["SubjectDraft"])
        #expect(draft["addresses.postcode"]! == DataDictionary.field("address.postcode")?.description)
        var refs: Set<String> = []
        func collect(_ v: Any) {
            if let o = v as? [String: Any] {
                if let r = o["$ref"] as? String { refs.insert(String(r.dropFirst("#/components/schemas/".count))) }
                o.values.forEach(collect)
            } else if let a = v as? [Any] {
                a.forEach(collect)
            }
        }
        collect(try JSONSerialization.jsonObject(with: Data(OpenAPIDescription.json.utf8)))
        #expect(refs.subtracting(Self.schemas.keys).sorted() == [], "references to schemas that do not exist")
    }
}

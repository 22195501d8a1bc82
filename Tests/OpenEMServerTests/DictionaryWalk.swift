import Foundation
import OpenEMCore

/// Reads API responses against the data dictionary: every key must be a field of the entity the response is, a
/// nested object's keys dotted fields below it, and a field that holds another entity is read as that entity.
struct DictionaryWalk {
    /// `entity.key` for every key the dictionary does not define, with where it was seen.
    private(set) var undefined: [String: String] = [:]
    /// Every entity read at least once.
    private(set) var entitiesSeen: Set<String> = []
    /// Every `entity.field` a response carried.
    private(set) var fieldsSeen: Set<String> = []
    /// `entity.field` whose value is not what the dictionary says: a required field missing or null, a value of
    /// another JSON kind than its type.
    private(set) var mismatched: [String: String] = [:]

    /// The shape of a response body.
    enum Shape {
        /// The body is the entity.
        case entity(String)
        /// `{"items": [entity], "nextCursor"}`.
        case page(String)
        /// A GeoJSON FeatureCollection: each feature's `properties` is `features`; its own `properties`, if any, `collection`.
        case featureCollection(features: String, collection: String?)
    }

    mutating func read(_ body: Any?, as shape: Shape, from origin: String) {
        switch shape {
        case .entity(let name):
            read(body, entity: name, origin: origin)
        case .page(let name):
            guard let page = body as? [String: Any] else { return note("page", "(not an object)", origin) }
            for key in page.keys where key != "items" && key != "nextCursor" { note("page", key, origin) }
            for item in page["items"] as? [Any] ?? [] { read(item, entity: name, origin: origin) }
        case .featureCollection(let features, let collection):
            guard let fc = body as? [String: Any] else { return note("featureCollection", "(not an object)", origin) }
            for key in fc.keys where !["type", "features", "properties"].contains(key) { note("featureCollection", key, origin) }
            if let collection { read(fc["properties"], entity: collection, origin: origin) }
            for f in fc["features"] as? [[String: Any]] ?? [] {
                for key in f.keys where !["type", "geometry", "properties"].contains(key) { note("feature", key, origin) }
                read(f["properties"], entity: features, origin: origin)
            }
        }
    }

    private mutating func read(_ value: Any?, entity name: String, origin: String) {
        guard let entity = DataDictionary.entity(name) else { return note(name, "(no such entity)", origin) }
        entitiesSeen.insert(name)
        for element in elements(value) { walk(element, entity, prefix: "", origin: origin) }
    }

    private mutating func walk(_ object: [String: Any], _ entity: DictionaryEntity, prefix: String, origin: String) {
        let level = prefix.isEmpty ? "" : prefix + "."
        for f in entity.fields where f.required && f.name.hasPrefix(level) && !f.name.dropFirst(level.count).contains(".") {
            let key = String(f.name.dropFirst(level.count))
            if object[key] == nil || object[key] is NSNull { mismatch(entity.name, f.name, "required but missing (\(origin))") }
        }
        for (key, value) in object {
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            guard let field = entity.field(path) else {
                note(entity.name, path, origin)
                continue
            }
            fieldsSeen.insert("\(entity.name).\(path)")
            if !(value is NSNull), let problem = Self.kindProblem(value, field.type) {
                mismatch(entity.name, path, "\(problem) (\(origin))")
            }
            if let inner = field.entityType {
                read(value, entity: inner, origin: origin)
            } else if field.hasNestedFields {
                for element in elements(value) { walk(element, entity, prefix: path, origin: origin) }
            }
        }
    }

    /// Why a JSON value is not of a dictionary type, or nil when it is.
    static func kindProblem(_ value: Any, _ type: String) -> String? {
        let number = value as? NSNumber
        let isBool = number.map { String(cString: $0.objCType) == "c" } ?? false
        let ok: Bool
        switch type {
        case "string", "id", "date", "date-time", "duration": ok = value is String
        case "integer": ok = number != nil && !isBool && ["i", "q", "l", "s"].contains(String(cString: number!.objCType))
        case "number": ok = number != nil && !isBool
        case "boolean": ok = isBool
        case _ where type.hasPrefix("array<"):
            guard let items = value as? [Any] else { return "not an array" }
            let inner = String(type.dropFirst(6).dropLast())
            return DictionaryFieldType.primitives.contains(inner) && inner != "object"
                ? items.lazy.compactMap { kindProblem($0, inner) }.first.map { "an item is \($0)" } : nil
        default: ok = value is [String: Any]  // object, map<...>, geojson, an entity
        }
        return ok ? nil : "not a \(type)"
    }

    /// An object, or the objects of an array.
    private func elements(_ value: Any?) -> [[String: Any]] {
        if let o = value as? [String: Any] { return [o] }
        return (value as? [Any] ?? []).compactMap { $0 as? [String: Any] }
    }

    private mutating func mismatch(_ entity: String, _ path: String, _ why: String) {
        mismatched["\(entity).\(path)"] = mismatched["\(entity).\(path)"] ?? why
    }

    private mutating func note(_ entity: String, _ key: String, _ origin: String) {
        undefined["\(entity).\(key)"] = undefined["\(entity).\(key)"] ?? origin
    }
}

import Crypto
import Foundation

/// The data dictionary: every resource the API returns and every key in it, with its meaning in plain words,
/// personal-data class, retention class and source. `GET /api/v1/data-dictionary` serves it, the OpenAPI
/// document's descriptions come from it, and a server test fails when a response carries a key it does not define.
public enum DataDictionary {
    /// The first 12 hex digits of the SHA-256 of the whole dictionary: it changes whenever a field is added, removed,
    /// reworded or reclassified, with nothing to remember to bump, so a reader can tell two copies apart.
    public static let version: String = {
        let bytes = Data(((try? StoreJSON.encode(entities)) ?? "").utf8)
        return String(Hex.string(SHA256.hash(data: bytes)).prefix(12))
    }()

    public static let entities: [DictionaryEntity] =
        peopleAndOrders + devicesAndTelemetry + violationsAndAlerts + enforcement + crime + accessAndAudit + statistics + monthly
        + service + programmes + quality + extracts + retention + dictionary

    public static func entity(_ name: String) -> DictionaryEntity? { entities.first { $0.name == name } }

    /// A field by its path, `entity.field` with nested keys dotted: `subject.identifiers.crn`, `order.status`.
    /// A path may go through a field that holds another entity: `subject.addresses.postcode` is `address.postcode`.
    public static func field(_ path: String) -> DictionaryField? {
        guard let dot = path.firstIndex(of: "."), let e = entity(String(path[..<dot])) else { return nil }
        return field(String(path[path.index(after: dot)...]), in: e)
    }

    static func field(_ rest: String, in e: DictionaryEntity) -> DictionaryField? {
        if let f = e.field(rest) { return f }
        var prefix = rest
        while let dot = prefix.lastIndex(of: ".") {
            prefix = String(prefix[..<dot])
            if let holder = e.field(prefix), let inner = holder.entityType.flatMap(entity) {
                return field(String(rest.dropFirst(prefix.count + 1)), in: inner)
            }
        }
        return nil
    }

    /// The fields of an entity that are personal data, in any class: what an extract must leave out or
    /// pseudonymise, what a subject access request must include, what the audit names when it records a read.
    public static func personalFields(of entityName: String) -> [DictionaryField] {
        entity(entityName)?.fields.filter(\.personalData.isPersonal) ?? []
    }

    /// The personal-data classes an entity carries, with those of the entities it holds (a subject's addresses),
    /// in `PersonalDataClass` order. `fields` limits the entity itself to those of its fields a response carries.
    public static func personalClasses(of entityName: String, fields: Set<String>? = nil) -> [PersonalDataClass] {
        var present: Set<PersonalDataClass> = []
        var seen: Set<String> = []
        var next = [entityName]
        while let name = next.popLast() {
            guard seen.insert(name).inserted, let e = entity(name) else { continue }
            for f in e.fields where name != entityName || fields.map({ $0.contains(f.name) }) ?? true {
                if f.personalData.isPersonal { present.insert(f.personalData) }
                if let inner = f.entityType { next.append(inner) }
            }
        }
        return PersonalDataClass.allCases.filter { $0.isPersonal && present.contains($0) }
    }
}

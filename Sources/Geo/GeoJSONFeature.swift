import Foundation

/// A GeoJSON (RFC 7946) Feature: a geometry and the properties that describe it, encoded by `JSONEncoder` so any
/// text in the properties is escaped as JSON requires.
public struct GeoJSONFeature<Properties: Encodable & Sendable>: Encodable, Sendable {
    public var geometry: GeoJSONGeometry
    public var properties: Properties

    public init(geometry: GeoJSONGeometry, properties: Properties) {
        self.geometry = geometry
        self.properties = properties
    }

    private enum Keys: String, CodingKey { case type, geometry, properties }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode("Feature", forKey: .type)
        try c.encode(geometry, forKey: .geometry)
        try c.encode(properties, forKey: .properties)
    }
}

/// A GeoJSON FeatureCollection. `properties` is a foreign member (RFC 7946 section 6.1) for what describes the
/// collection as a whole, such as the algorithm and digest of an evidence pack; it is left out when nil.
public struct GeoJSONFeatureCollection<Properties: Encodable & Sendable, CollectionProperties: Encodable & Sendable>:
    Encodable, Sendable
{
    public var features: [GeoJSONFeature<Properties>]
    public var properties: CollectionProperties?

    public init(features: [GeoJSONFeature<Properties>], properties: CollectionProperties?) {
        self.features = features
        self.properties = properties
    }

    private enum Keys: String, CodingKey { case type, properties, features }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode("FeatureCollection", forKey: .type)
        try c.encodeIfPresent(properties, forKey: .properties)
        try c.encode(features, forKey: .features)
    }
}

/// What a collection with nothing to say about itself carries: no `properties` member at all.
public struct NoCollectionProperties: Encodable, Sendable {}

extension GeoJSONFeatureCollection where CollectionProperties == NoCollectionProperties {
    public init(features: [GeoJSONFeature<Properties>]) { self.init(features: features, properties: nil) }
}

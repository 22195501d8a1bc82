import Geo

/// A coarse outline of England and Wales with the islands that belong to them (Anglesey, the Isle of Wight,
/// Lundy, the Isles of Scilly): a few kilometres out to sea along the coast, and within about 3 km of the land
/// border with Scotland. It leaves out Scotland, the Isle of Man, Northern Ireland, Ireland, the Channel Islands
/// and everywhere abroad, which is what it is for: finding an address geocoded to the wrong country, or to lat and
/// lon swapped. It is not for deciding a case within a few kilometres of the border.
public enum EnglandAndWales {
    /// (lat, lon), clockwise from the sea off Berwick-upon-Tweed.
    static let outline: [(Double, Double)] = [
        (55.83, -1.95), (55.812, -2.037), (55.77, -2.08), (55.70, -2.18), (55.650, -2.250), (55.637, -2.323),
        (55.58, -2.30), (55.55, -2.245), (55.49, -2.18), (55.46, -2.19), (55.40, -2.26), (55.354, -2.478),
        (55.28, -2.59), (55.20, -2.70), (55.126, -2.853), (55.09, -2.89), (55.03, -2.98), (55.00, -3.06),
        (54.975, -3.07), (54.94, -3.20), (54.90, -3.40), (54.80, -3.62), (54.60, -3.75), (54.20, -3.50),
        (53.95, -3.20), (53.80, -3.15), (53.55, -3.20), (53.43, -3.35), (53.38, -3.88), (53.46, -4.30),
        (53.43, -4.62), (53.30, -4.73), (52.74, -4.85), (51.86, -5.40), (51.70, -5.35), (51.57, -4.95),
        (50.95, -4.60), (50.55, -5.10), (50.10, -5.80), (50.00, -6.45), (49.85, -6.50), (49.92, -5.20),
        (50.18, -3.64), (50.48, -2.45), (50.54, -1.30), (50.69, -0.79), (50.70, 0.25), (50.88, 1.00),
        (51.13, 1.42), (51.40, 1.50), (51.87, 1.35), (52.08, 1.65), (52.48, 1.82), (52.85, 1.62),
        (53.02, 0.95), (53.12, 0.40), (53.35, 0.35), (53.58, 0.20), (54.12, 0.00), (54.50, -0.55),
        (54.70, -1.10), (55.01, -1.33), (55.33, -1.45), (55.64, -1.55), (55.72, -1.72), (55.83, -1.95),
    ]

    static let shape = PreparedShape(
        .polygon(Polygon(exterior: outline.map { Coordinate(lat: $0.0, lon: $0.1) })))

    public static func contains(_ c: Coordinate) -> Bool {
        guard c.isUsable, !shape.isCertainlyFartherThan(0, from: c) else { return false }
        return shape.contains(c)
    }
}

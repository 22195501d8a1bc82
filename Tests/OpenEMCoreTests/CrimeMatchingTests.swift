import Foundation
import Geo
import OpenEMCore
import Testing

@Suite("Crime batches and matching")
struct CrimeMatchingTests {
    static func row(_ fields: [String]) -> String {
        fields.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",")
    }

    static func good(
        ref: String = "01/1/26", from: String = "20261119210000", to: String = "20261119230000",
        e: String = "", n: String = "", lat: String = "51.50722", lon: String = "-0.12750"
    ) -> [String] {
        ["Metropolitan", "BIAD", "Burglary in a dwelling", "MPS20261120", ref, from, to, e, n, lat, lon, "WGS84", "Rear window, forced"]
    }

    @Test("every row error has its code and an action; good rows are kept")
    func rowErrors() {
        var rows = [Self.good()]
        func bad(_ change: (inout [String]) -> Void) {
            var r = Self.good(ref: "01/\(rows.count + 1)/26")
            change(&r)
            rows.append(r)
        }
        bad { $0[0] = "Atlantis" }  // UNKNOWN_FORCE
        bad {
            $0[0] = "GreaterManchester"
            $0[3] = "GMP20261120"
        }  // FORCE_MISMATCH
        bad { $0[3] = "MPS2026112" }  // INVALID_BATCH_ID
        bad { $0[3] = "MPS20261121" }  // BATCH_ID_MISMATCH
        bad { $0[1] = "XYZ" }  // UNKNOWN_CRIME_TYPE
        bad { $0[4] = "" }  // MISSING_REFERENCE
        bad { $0[4] = "01/1/26" }  // DUPLICATE_REFERENCE
        bad { $0[5] = "" }  // MISSING_DATES
        bad { $0[5] = "2026-11-19" }  // INVALID_FROM
        bad { $0[6] = "20261399000000" }  // INVALID_TO
        bad { $0[6] = "20261119200000" }  // TO_BEFORE_FROM
        bad { $0[6] = "20261120100000" }  // WINDOW_TOO_LONG
        bad {
            $0[7] = "530000"
            $0[8] = "180000"
        }  // BOTH_COORDINATE_PAIRS
        bad {
            $0[9] = ""
            $0[10] = ""
        }  // NO_COORDINATES
        bad { $0[10] = "" }  // HALF_COORDINATE_PAIR
        bad { $0[9] = "north" }  // INVALID_COORDINATE
        bad {
            $0[9] = "48.85"
            $0[10] = "2.35"
        }  // OUTSIDE_GREAT_BRITAIN
        var text = rows.map(Self.row).joined(separator: "\n")
        text += "\nMetropolitan,BIAD,too,few\n"  // WRONG_COLUMN_COUNT
        let result = CrimeBatchParser.parse("\u{FEFF}" + text + "\n")
        #expect(result.rows.map(\.reference) == ["01/1/26"])
        #expect(result.status == .partial)
        #expect(
            result.errors.map(\.code) == [
                "UNKNOWN_FORCE", "FORCE_MISMATCH", "INVALID_BATCH_ID", "BATCH_ID_MISMATCH", "UNKNOWN_CRIME_TYPE", "MISSING_REFERENCE",
                "DUPLICATE_REFERENCE", "MISSING_DATES", "INVALID_FROM", "INVALID_TO", "TO_BEFORE_FROM", "WINDOW_TOO_LONG",
                "BOTH_COORDINATE_PAIRS", "NO_COORDINATES", "HALF_COORDINATE_PAIR", "INVALID_COORDINATE", "OUTSIDE_GREAT_BRITAIN",
                "WRONG_COLUMN_COUNT",
            ])
        #expect(result.errors.map(\.row) == Array(2...19))
        #expect(result.errors.allSatisfy { !$0.action.isEmpty && !$0.message.isEmpty })
        #expect(result.rows[0].freeText == "Rear window, forced", "quoted commas survive")
        #expect(CrimeBatchParser.parse("garbage\n").status == .failed)
    }

    @Test("the example batch in shared/data parses with its bad rows reported")
    func exampleBatch() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/data/crime-batch-example.csv")
            .path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }  // not in a clone without the workspace
        let result = CrimeBatchParser.parse(text)
        #expect(result.rows.count == 3 && result.status == .partial)
        #expect(Set(result.errors.map(\.code)) == ["WINDOW_TOO_LONG", "UNKNOWN_CRIME_TYPE", "BOTH_COORDINATE_PAIRS"])
        #expect(result.rows[1].easting == 530270 && abs(result.rows[1].location.lat - 51.50) < 0.01)
    }

    static let t0 = ISOTime.parse("2026-11-19T22:00:00Z")!
    static let crime = Coordinate(lat: 51.5, lon: -0.12)
    static let place = PreparedShape(.circle(Circle(center: crime, radiusMetres: 100)))

    static func walk(_ offsets: [(minutes: Double, north: Double, east: Double, acc: Double)]) -> [TrailPoint] {
        let s = LocalScale(latitude: crime.lat)
        return offsets.map { o in
            TrailPoint(
                time: t0.addingTimeInterval(o.minutes * 60),
                coordinate: Coordinate(lat: crime.lat + o.north / s.metresPerDegreeLat, lon: crime.lon + o.east / s.metresPerDegreeLon),
                accuracyMetres: o.acc)
        }
    }

    @Test("FIX: a fix within 100 m allowing for its accuracy; passes labelled A, B with points A1, A2")
    func fixMatch() {
        let trail = Self.walk([(0, 500, 0, 10), (5, 60, 0, 10), (6, 150, 0, 60), (7, 500, 0, 10), (30, 500, 0, 10), (31, 20, 0, 5), (32, 600, 0, 5)])
        let m = PassMatcher.match(trail, place: Self.place, from: Self.t0, to: Self.t0.addingTimeInterval(3600))
        #expect(m?.kind == .fix)
        #expect(m?.passes.map(\.label) == ["A", "B"])
        #expect(m?.passes[0].positions.map(\.label) == ["A1", "A2"], "the 150 m fix with 60 m accuracy is within reach")
        #expect(m?.closestMetres == 0)
        #expect(m?.algorithm == "openem-match/2")
        #expect(PassMatcher.match(trail, place: Self.place, from: Self.t0.addingTimeInterval(3700), to: Self.t0.addingTimeInterval(7200)) == nil)
    }

    @Test("PATH: two fixes either side of the scene a minute apart; no fix near it")
    func pathMatch() {
        let trail = Self.walk([(0, 400, -300, 10), (1, -400, 300, 10), (2, -900, 600, 10)])
        let m = PassMatcher.match(trail, place: Self.place, from: Self.t0, to: Self.t0.addingTimeInterval(1800))
        #expect(m?.kind == .path)
        #expect(m?.passes.first?.positions.count == 2)
    }

    @Test("POSSIBLE: a 40-minute gap in which the scene was reachable; not when it was too far to reach")
    func possibleMatch() {
        let reachable = Self.walk([(0, 2_000, 0, 10), (40, 2_000, 1_000, 10)])
        #expect(PassMatcher.match(reachable, place: Self.place, from: Self.t0, to: Self.t0.addingTimeInterval(3600))?.kind == .possible)
        let far = Self.walk([(0, 30_000, 0, 10), (10, 30_000, 1_000, 10)])
        #expect(PassMatcher.match(far, place: Self.place, from: Self.t0, to: Self.t0.addingTimeInterval(3600)) == nil)
    }

    @Test("POSSIBLE: silent from 30 minutes before the window to 30 after it, seen 500 m away either side")
    func possibleAcrossTheWholeWindow() {
        let silent = Self.walk([(-40, 500, 0, 10), (-30, 500, 0, 10), (90, 0, 500, 10), (95, 0, 500, 10)])
        let m = PassMatcher.match(silent, place: Self.place, from: Self.t0, to: Self.t0.addingTimeInterval(3600))
        #expect(m?.kind == .possible)
        #expect(m?.passes.first?.positions.map(\.time) == [Self.t0.addingTimeInterval(-1800), Self.t0.addingTimeInterval(5400)])
    }

    @Test("no POSSIBLE without a gap: a fix a minute that drives by 600 m away could have reached the scene at 56 mph, but its route is known")
    func noPrismWithinTheRoute() {
        let driveBy = Self.walk([(0, 600, -700, 10), (1, 600, 0, 10), (2, 600, 700, 10)])
        #expect(PassMatcher.match(driveBy, place: Self.place, from: Self.t0, to: Self.t0.addingTimeInterval(3600)) == nil)
        // The same places with a 15-minute gap in the middle: the scene was reachable in the gap.
        let withGap = Self.walk([(0, 600, -700, 10), (15, 600, 700, 10)])
        #expect(PassMatcher.match(withGap, place: Self.place, from: Self.t0, to: Self.t0.addingTimeInterval(3600))?.kind == .possible)
    }

    @Test("a crime given in British National Grid matches the same place as its WGS84 twin")
    func gridTwin() {
        let (e, n) = BritishNationalGrid.fromWGS84(Self.crime)
        let text = [
            Self.good(ref: "A", lat: "51.5", lon: "-0.12"),
            Self.good(ref: "B", e: String(format: "%.0f", e), n: String(format: "%.0f", n), lat: "", lon: ""),
        ]
        .map(Self.row).joined(separator: "\n")
        let rows = CrimeBatchParser.parse(text).rows
        #expect(rows.count == 2)
        #expect(Geodesic.distance(rows[0].location, rows[1].location) < 5)
        let trail = Self.walk([(0, 80, 0, 10), (1, 85, 5, 10)])
        let window = (ISOTime.parse("2026-11-19T21:00:00Z")!, ISOTime.parse("2026-11-19T23:00:00Z")!)
        let a = PassMatcher.match(
            trail, place: PreparedShape(.circle(Circle(center: rows[0].location, radiusMetres: 100))), from: window.0, to: window.1)
        let b = PassMatcher.match(
            trail, place: PreparedShape(.circle(Circle(center: rows[1].location, radiusMetres: 100))), from: window.0, to: window.1)
        #expect(a?.kind == .fix && b?.kind == .fix && a?.passes.count == b?.passes.count)
    }
}

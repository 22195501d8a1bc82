/// The common shape of a telemetry upload, read straight from its bytes: `{"deviceId": "...", "messages": [{...}, ...]}`
/// whose messages hold only scalars. Ingest reads every fix this way; the generic decoder spent a fifth of the server's
/// time on it. Anything else (escaped strings, a field with the wrong JSON type, nested values, a repeated key,
/// malformed JSON) returns nil and the request goes through the generic decoder, which decides and words the
/// outcome, so both paths give the same result.
enum TelemetryBatchScanner {
    static func scan(_ bytes: UnsafeRawBufferPointer) -> TelemetryController.Batch? {
        var s = Scanner(bytes: bytes)
        return s.batch()
    }

    private struct Scanner {
        let bytes: UnsafeRawBufferPointer
        var i = 0

        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        mutating func batch() -> TelemetryController.Batch? {
            guard take(UInt8(ascii: "{")) else { return nil }
            var deviceId: String?, messages: [TelemetryItem]?
            if !take(UInt8(ascii: "}")) {
                repeat {
                    guard let key = string(), take(UInt8(ascii: ":")) else { return nil }
                    switch key {
                    case "deviceId" where deviceId == nil:
                        guard let v = string() else { return nil }
                        deviceId = v
                    case "messages" where messages == nil:
                        guard let v = items() else { return nil }
                        messages = v
                    default: return nil
                    }
                } while take(UInt8(ascii: ","))
                guard take(UInt8(ascii: "}")) else { return nil }
            }
            skipSpace()
            guard i == bytes.count, let deviceId, let messages else { return nil }
            return TelemetryController.Batch(deviceId: deviceId, messages: messages)
        }

        mutating func items() -> [TelemetryItem]? {
            guard take(UInt8(ascii: "[")) else { return nil }
            var out: [TelemetryItem] = []
            if take(UInt8(ascii: "]")) { return out }
            repeat {
                guard let item = item() else { return nil }
                out.append(item)
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]")) ? out : nil
        }

        mutating func item() -> TelemetryItem? {
            guard take(UInt8(ascii: "{")) else { return nil }
            var m = TelemetryItem()
            if take(UInt8(ascii: "}")) { return m }
            // Keys already read, so a repeated one goes to the decoder: known ones as bits (no allocation per fix).
            var known: UInt32 = 0, others = Set<String>()
            repeat {
                guard let key = string(), take(UInt8(ascii: ":")) else { return nil }
                let ok: Bool
                switch key {
                case "seq": ok = Self.first(0, &known) && value({ $0.integer() }, &m.seq)
                case "type": ok = Self.first(1, &known) && value({ $0.string() }, &m.type)
                case "time": ok = Self.first(2, &known) && value({ $0.string() }, &m.time)
                case "lat": ok = Self.first(3, &known) && value({ $0.number() }, &m.lat)
                case "lon": ok = Self.first(4, &known) && value({ $0.number() }, &m.lon)
                case "accuracyMetres": ok = Self.first(5, &known) && value({ $0.number() }, &m.accuracyMetres)
                case "source": ok = Self.first(6, &known) && value({ $0.string() }, &m.source)
                case "speed": ok = Self.first(7, &known) && value({ $0.number() }, &m.speed)
                case "heading": ok = Self.first(8, &known) && value({ $0.number() }, &m.heading)
                case "inRange": ok = Self.first(9, &known) && value({ $0.bool() }, &m.inRange)
                case "tac": ok = Self.first(10, &known) && value({ $0.number() }, &m.tac)
                case "irVoltage": ok = Self.first(11, &known) && value({ $0.number() }, &m.irVoltage)
                case "temperatureC": ok = Self.first(12, &known) && value({ $0.number() }, &m.temperatureC)
                case "kind": ok = Self.first(13, &known) && value({ $0.string() }, &m.kind)
                case "levelPercent": ok = Self.first(14, &known) && value({ $0.number() }, &m.levelPercent)
                case "charging": ok = Self.first(15, &known) && value({ $0.bool() }, &m.charging)
                default: ok = others.insert(key).inserted && skipScalar()
                }
                guard ok else { return nil }
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "}")) ? m : nil
        }

        /// Whether key number `bit` is read for the first time (and notes it).
        static func first(_ bit: UInt32, _ known: inout UInt32) -> Bool {
            guard known & (1 << bit) == 0 else { return false }
            known |= 1 << bit
            return true
        }

        /// A field's value: null leaves it absent, as the generic decoder does; any other type is not ours to judge.
        mutating func value<T>(_ read: (inout Scanner) -> T?, _ field: inout T?) -> Bool {
            if literal("null") { return true }
            guard let v = read(&self) else { return false }
            field = v
            return true
        }

        mutating func skipScalar() -> Bool {
            if literal("null") || literal("true") || literal("false") { return true }
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "\"") { return string() != nil }
            return numberText() != nil
        }

        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = i
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    defer { i += 1 }
                    return String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                }
                // Escapes and control characters: the generic decoder's business.
                if b == UInt8(ascii: "\\") || b < 0x20 { return nil }
                i += 1
            }
            return nil
        }

        mutating func bool() -> Bool? {
            if literal("true") { return true }
            if literal("false") { return false }
            return nil
        }

        mutating func number() -> Double? {
            guard let text = numberText(), let v = Double(text), v.isFinite else { return nil }
            return v
        }

        /// A whole number in plain digits (what the generic decoder takes for an integer without question).
        mutating func integer() -> Int64? {
            guard let text = numberText(), !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else { return nil }
            return Int64(text)
        }

        /// The text of a number in JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
        mutating func numberText() -> String? {
            skipSpace()
            let start = i
            func digits() -> Int {
                let from = i
                while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
                return i - from
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
            let intStart = i
            let n = digits()
            guard n > 0, n == 1 || bytes[intStart] != UInt8(ascii: "0") else { return nil }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard digits() > 0 else { return nil }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard digits() > 0 else { return nil }
            }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        }

        mutating func literal(_ word: StaticString) -> Bool {
            skipSpace()
            let n = word.utf8CodeUnitCount
            guard i + n <= bytes.count else { return false }
            for k in 0..<n where bytes[i + k] != word.utf8Start[k] { return false }
            i += n
            return true
        }

        mutating func take(_ b: UInt8) -> Bool {
            skipSpace()
            guard i < bytes.count, bytes[i] == b else { return false }
            i += 1
            return true
        }

        mutating func skipSpace() {
            while i < bytes.count {
                switch bytes[i] {
                case 0x20, 0x0A, 0x0D, 0x09: i += 1
                default: return
                }
            }
        }
    }
}

/// What a tag's sensors can physically measure. Ingest refuses a battery level outside 0-100% and a TAC outside
/// 0-1 g/dL outright; inside that, a reading no living wearer or working sensor gives is stored (it is evidence
/// that the device is faulty) and counted by the data-quality rule `DEVICE_READING_OUT_OF_RANGE`.
public enum PhysicalRange {
    public static let batteryPercent: ClosedRange<Double> = 0...100
    /// Transdermal alcohol, g/dL: above 0.5 would be beyond a fatal blood alcohol level, so it is a sensor fault.
    public static let tac: ClosedRange<Double> = 0...0.5
    /// The skin-temperature sensor of a worn tag, degrees Celsius.
    public static let skinTemperatureC: ClosedRange<Double> = 0...50
    /// The infra-red skin-contact sensor's voltage is never negative.
    public static let irVoltage: ClosedRange<Double> = 0...Double.greatestFiniteMagnitude

    public static func isPlausible(_ payload: TelemetryPayload) -> Bool {
        switch payload {
        case .battery(let level, _): return batteryPercent.contains(level)
        case .alcohol(let r):
            return tac.contains(r.tac) && (r.temperatureC.map(skinTemperatureC.contains) ?? true)
                && (r.irVoltage.map(irVoltage.contains) ?? true)
        default: return true
        }
    }
}

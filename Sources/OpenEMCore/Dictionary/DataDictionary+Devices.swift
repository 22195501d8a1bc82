extension DataDictionary {
    /// Tags and phones, their fitting, and what they send.
    static let devicesAndTelemetry: [DictionaryEntity] = [
        DictionaryEntity("device", "A tag, home unit or victim's phone known to OpenEM.", .operational) {
            $0.add("id", "id", "The device's id; telemetry is sent under it.", required: true, source: .derived)
            $0.add("serial", "string", "The manufacturer's serial number, printed on the device.", required: true)
            $0.add("type", "string", "What kind of device it is.", required: true, values: EntityFields.codes(DeviceType.self))
            $0.add("createdAt", "date-time", "When the device was added.", required: true, source: .derived)
            $0.add(
                "key", "string", "The device's secret key, shown once when the device is added (only its hash is kept).",
                source: .derived, retention: .notStored)
            $0.add(
                "activeInstallation", "installation", "The wearer the device is fitted to now, if it is fitted.",
                retention: .orderRecord)
        },
        DictionaryEntity("installation", "A device fitted to a wearer for an order, from fitting to removal.", .orderRecord) {
            $0.add("id", "id", "The installation's id.", required: true, source: .derived)
            $0.add("deviceId", "id", "The device fitted.", required: true)
            $0.add("orderId", "id", "The order it was fitted for.", required: true, source: .derived)
            $0.add("subjectId", "id", "The wearer it was fitted to.", required: true, personal: .quasiIdentifier, source: .derived)
            $0.add("installedAt", "date-time", "When it was fitted.", required: true)
            $0.add("removedAt", "date-time", "When it was removed; absent while it is still fitted.")
        },
        DictionaryEntity(
            "telemetry",
            "One message from a device: a position, an RF range check, an alcohol reading, a tamper, "
                + "a battery level or a heartbeat. Devices upload them; a trail shows the positions.", .deviceReadings
        ) {
            $0.add(
                "seq", "integer",
                "The device's own sequence number (every upload carries it; a trail does not show it); a message "
                    + "sent twice with one number is kept once.", source: .device)
            $0.add(
                "type", "string", "What the message reports (every upload carries it; a trail shows positions only).",
                values: ["position", "rf", "alcohol", "tamper", "battery", "heartbeat"], source: .device)
            $0.add(
                "time", "date-time", "When the device took the reading (or, marked by timeIsReceipt, when OpenEM received it).",
                required: true, source: .device)
            $0.add(
                "receivedAt", "date-time",
                "When OpenEM received it (kept with every message, and read by the data-quality rules; not shown in a trail).",
                source: .derived)
            $0.add("deviceId", "id", "The device that sent it.", source: .device)
            $0.add("lat", "number", "Position: latitude in degrees.", personal: .location, source: .device, retention: .location)
            $0.add("lon", "number", "Position: longitude in degrees.", personal: .location, source: .device, retention: .location)
            $0.add(
                "accuracyMetres", "number", "Position: how far the true position may be from the fix (metres).",
                personal: .location, source: .device, retention: .location)
            $0.add(
                "source", "string", "Position: how the device found it (satellite, mobile network cells or Wi-Fi).",
                values: EntityFields.codes(PositionSource.self), source: .device, retention: .location)
            $0.add(
                "speed", "number", "Position: speed over ground (metres a second).", personal: .location, source: .device,
                retention: .location)
            $0.add(
                "heading", "number", "Position: direction of travel (degrees from north).", personal: .location,
                source: .device, retention: .location)
            $0.add(
                "altitudeMetres", "number", "Position: height above sea level (metres), when the device says.",
                personal: .location, source: .device, retention: .location)
            $0.add(
                "timeIsReceipt", "boolean", "Present (true) when the device sent no time and the time is when OpenEM received it.",
                source: .derived, retention: .location)
            $0.add("inRange", "boolean", "RF: whether the tag was in range of the home unit.", personal: .location, source: .device)
            $0.add(
                "tac", "number", "Alcohol: transdermal alcohol concentration measured through the skin (g/dL).",
                personal: .specialCategory, source: .device)
            $0.add(
                "irVoltage", "number", "Alcohol: the infrared skin-contact sensor's voltage (shows whether the tag is on skin).",
                personal: .specialCategory, source: .device)
            $0.add(
                "temperatureC", "number", "Alcohol: skin temperature (degrees Celsius).", personal: .specialCategory,
                source: .device)
            $0.add("kind", "string", "Tamper: what was tampered with.", values: EntityFields.codes(TamperKind.self), source: .device)
            $0.add("levelPercent", "number", "Battery: charge left (per cent).", source: .device)
            $0.add("charging", "boolean", "Battery: whether it is charging.", source: .device)
        },
        DictionaryEntity("telemetryResult", "What OpenEM kept of a device's upload.", .notStored) {
            $0.add("accepted", "integer", "Messages stored (durably) by this upload.", required: true, source: .derived)
            $0.add("duplicates", "integer", "Messages already stored by an earlier upload.", required: true, source: .derived)
            $0.add("rejected", "array<object>", "Messages refused, each with the reason.", required: true, source: .derived)
            $0.add("rejected.index", "integer", "The message's position in the upload, from 0.", required: true, source: .derived)
            $0.add("rejected.code", "string", "Why it was refused, as a code.", required: true, source: .derived)
            $0.add("rejected.message", "string", "Why it was refused, in words.", required: true, source: .derived)
        },
        DictionaryEntity(
            "osmAndResult", "What OpenEM kept of a report from a phone or tracker (OsmAnd / Traccar Client).",
            .notStored
        ) {
            $0.add("accepted", "integer", "Messages stored from the report.", required: true, source: .derived)
            $0.add("duplicates", "integer", "Messages already stored.", required: true, source: .derived)
            $0.add(
                "stored", "array<string>", "What the report was stored as.",
                required: true, values: ["position", "battery", "unlocated", "heartbeat"], source: .derived)
            $0.add("ignored", "array<object>", "Parts of the report left out, with why.", required: true, source: .derived)
            $0.add("ignored.field", "string", "The parameter left out.", required: true, source: .derived)
            $0.add("ignored.reason", "string", "Why, in words.", required: true, source: .derived)
        },
    ]
}

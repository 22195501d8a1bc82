import Foundation
import Hummingbird
import OpenEMCore

struct DeviceController {
    let store: any OpenEMStore
    let auditor: Auditor
    let clock: @Sendable () -> Date
    let changes: ConfigurationChanges

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("devices", use: create)
        group.get("devices", use: list)
        group.get("devices/:id", use: get)
        group.get("devices/:id/installations", use: history)
        group.post("orders/:id/installations", use: install)
        group.get("orders/:id/installations", use: orderInstallations)
        group.get("installations/:id", use: getInstallation)
        group.post("installations/:id/removal", use: remove)
    }

    struct NewDevice: Decodable {
        var serial: String
        var type: DeviceType
    }

    struct DeviceView: ResponseCodable {
        var id: String
        var serial: String
        var type: DeviceType
        var createdAt: Date
        /// Present only in the response that creates the device.
        var key: String?
        var activeInstallation: Installation?
    }

    private func requireDeviceRole(_ actor: User) throws {
        try Access(actor).require(.manageDevices)
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> EditedResponse<DeviceView> {
        let actor = try context.requireUser()
        try requireDeviceRole(actor)
        let n = try await request.decodeJSON(as: NewDevice.self, context: context)
        let serial = n.serial.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(serial.count) else {
            throw APIError.validation([.init(field: "serial", code: "INVALID_SERIAL", message: "serial must be 1-64 characters")])
        }
        let key = Secrets.randomToken()
        let device = Device(serial: serial, type: n.type, keyHash: Secrets.sha256Hex(key), createdAt: clock())
        do { try await store.insertDevice(device) } catch StoreError.conflict {
            throw APIError.conflict("SERIAL_TAKEN", "a device with serial '\(serial)' is already registered")
        }
        try await auditor.record(actor, "create", "device", device.id)
        return EditedResponse(
            status: .created,
            response: DeviceView(
                id: device.id, serial: device.serial, type: device.type,
                createdAt: device.createdAt, key: key))
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Page<DeviceView> {
        let actor = try context.requireUser()
        try requireDeviceRole(actor)
        let limit = try request.limit()
        let devices = try await store.devices(limit: limit + 1, afterId: request.query("cursor"))
        let page = devices.page(limit: limit) { $0.id }
        return Page(
            items: page.items.map { DeviceView(id: $0.id, serial: $0.serial, type: $0.type, createdAt: $0.createdAt) },
            nextCursor: page.next)
    }

    @Sendable func get(request: Request, context: AppRequestContext) async throws -> DeviceView {
        let actor = try context.requireUser()
        try requireDeviceRole(actor)
        guard let d = try await store.device(id: try context.parameters.require("id")) else { throw APIError.notFound("device") }
        let active = try await store.installations(deviceId: d.id).first(where: \.isActive)
        return DeviceView(id: d.id, serial: d.serial, type: d.type, createdAt: d.createdAt, activeInstallation: active)
    }

    /// A device's history: every installation, newest first.
    @Sendable func history(request: Request, context: AppRequestContext) async throws -> Page<Installation> {
        let actor = try context.requireUser()
        try requireDeviceRole(actor)
        let id = try context.parameters.require("id")
        guard try await store.device(id: id) != nil else { throw APIError.notFound("device") }
        let all = try await store.installations(deviceId: id)
        try await auditor.record(actor, "read", "device_history", id)
        return Page(items: all, nextCursor: nil)
    }

    struct NewInstallation: Decodable {
        var deviceId: String
        var installedAt: Date?
    }

    @Sendable func install(request: Request, context: AppRequestContext) async throws -> EditedResponse<Installation> {
        let actor = try context.requireUser()
        try requireDeviceRole(actor)
        let orderId = try context.parameters.require("id")
        guard let order = try await store.order(id: orderId, version: nil) else { throw APIError.notFound("order") }
        guard order.status == .active else { throw APIError.conflict("ORDER_ENDED", "devices cannot be installed on an ended order") }
        let n = try await request.decodeJSON(as: NewInstallation.self, context: context)
        guard try await store.device(id: n.deviceId) != nil else {
            throw APIError.validation([.init(field: "deviceId", code: "UNKNOWN_DEVICE", message: "deviceId is not a registered device")])
        }
        let now = clock()
        let at = n.installedAt ?? now
        guard at <= now.addingTimeInterval(300) else {
            throw APIError.validation([.init(field: "installedAt", code: "IN_FUTURE", message: "installedAt cannot be in the future")])
        }
        let installation = Installation(deviceId: n.deviceId, orderId: order.id, subjectId: order.subjectId, installedAt: at)
        do { try await store.insertInstallation(installation) } catch StoreError.conflict {
            throw APIError.conflict("DEVICE_ALREADY_INSTALLED", "the device has an active installation; record its removal first")
        }
        changes.mark()
        try await auditor.record(actor, "install", "installation", installation.id, detail: "order=\(order.id)")
        return EditedResponse(status: .created, response: installation)
    }

    @Sendable func orderInstallations(request: Request, context: AppRequestContext) async throws -> Page<Installation> {
        let actor = try context.requireUser()
        let orderId = try context.parameters.require("id")
        let access = Access(actor)
        guard let order = try await store.order(id: orderId, version: nil) else {
            throw access.hasNationalScope ? APIError.notFound("order") : APIError.forbidden()
        }
        _ = try await access.visibleSubject(order.subjectId, in: store)
        return Page(items: try await store.installations(orderId: orderId), nextCursor: nil)
    }

    @Sendable func getInstallation(request: Request, context: AppRequestContext) async throws -> Installation {
        let actor = try context.requireUser()
        try requireDeviceRole(actor)
        guard let i = try await store.installation(id: try context.parameters.require("id")) else {
            throw APIError.notFound("installation")
        }
        return i
    }

    struct Removal: Decodable {
        var removedAt: Date?
    }

    @Sendable func remove(request: Request, context: AppRequestContext) async throws -> Installation {
        let actor = try context.requireUser()
        try requireDeviceRole(actor)
        let id = try context.parameters.require("id")
        guard let existing = try await store.installation(id: id) else { throw APIError.notFound("installation") }
        let body = try await request.decodeIfPresent(as: Removal.self, context: context)
        let at = body?.removedAt ?? clock()
        guard at >= existing.installedAt else {
            throw APIError.validation([.init(field: "removedAt", code: "END_BEFORE_START", message: "removedAt is before installedAt")])
        }
        let removed: Installation
        do { removed = try await store.removeInstallation(id: id, at: at) } catch StoreError.conflict {
            throw APIError.conflict("ALREADY_REMOVED", "the installation was already removed")
        }
        changes.mark()
        try await auditor.record(actor, "remove", "installation", id)
        return removed
    }
}

extension Installation: ResponseEncodable {}

import Foundation
import Hummingbird
import OpenEMCore

struct SubjectController {
    let store: any OpenEMStore
    let auditor: Auditor
    let clock: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("subjects", use: create)
        group.get("subjects", use: list)
        group.get("subjects/:id", use: get)
        group.post("subjects/:id/address-checks", use: recordAddressCheck)
        group.get("subjects/:id/address-checks", use: addressChecks)
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> EditedResponse<Subject> {
        let actor = try context.requireUser()
        try Access(actor).require(.createSubjects)
        let d = try await request.decodeJSON(as: SubjectDraft.self, context: context)
        let now = clock()
        let problems = SubjectValidation.problems(d, today: LocalDay(containing: now, in: .gmt))
        if !problems.isEmpty { throw APIError.validation(problems.map(ErrorDetail.init)) }
        let subject = Subject(
            firstName: d.firstName, lastName: d.lastName, dateOfBirth: d.dateOfBirth,
            identifiers: d.identifiers ?? SubjectIdentifiers(), forceArea: d.forceArea,
            probationRegion: d.probationRegion, responsibleOfficer: d.responsibleOfficer,
            addresses: (d.addresses ?? []).map {
                Address(type: $0.type, line1: $0.line1, town: $0.town, postcode: $0.postcode, location: $0.location)
            },
            createdAt: now)
        try await store.insertSubject(subject)
        try await auditor.record(actor, "create", "subject", subject.id)
        return EditedResponse(status: .created, response: subject)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Page<Subject> {
        let actor = try context.requireUser()
        let access = Access(actor)
        let scope: (forceArea: String?, probationRegion: String?)
        do { scope = try access.subjectScope() } catch {
            try await auditor.record(actor, "search", "subject", outcome: .denied)
            throw error
        }
        let limit = try request.limit()
        let q = SubjectQuery(
            text: request.query("query"), forceArea: scope.forceArea,
            probationRegion: scope.probationRegion, limit: limit + 1, afterId: request.query("cursor"))
        let found = try await store.subjects(q).filter(access.canSee)
        let page = found.page(limit: limit) { $0.id }
        try await auditor.record(actor, "search", "subject", detail: "results=\(page.items.count)")
        return Page(items: page.items, nextCursor: page.next)
    }

    @Sendable func get(request: Request, context: AppRequestContext) async throws -> Subject {
        let actor = try context.requireUser()
        let id = try context.parameters.require("id")
        do {
            let subject = try await Access(actor).visibleSubject(id, in: store)
            try await auditor.record(actor, "read", "subject", id)
            return subject
        } catch let e as APIError {
            try await auditor.record(actor, "read", "subject", id, outcome: e.status == .forbidden ? .denied : .failed)
            throw e
        }
    }

    struct AddressCheckDraft: Decodable {
        var addressId: String
        var domesticAbuseCheck: Bool
        var safeguardingCheck: Bool
        var outcome: AddressCheck.Outcome
        var note: String?
    }

    @Sendable func recordAddressCheck(request: Request, context: AppRequestContext) async throws -> EditedResponse<AddressCheck> {
        let actor = try context.requireUser()
        let access = Access(actor)
        try access.require(.recordAddressChecks)
        let subject = try await access.visibleSubject(try context.parameters.require("id"), in: store)
        let d = try await request.decodeJSON(as: AddressCheckDraft.self, context: context)
        try APIError.requireShort([("note", d.note)])
        guard subject.address(id: d.addressId) != nil else {
            throw APIError.validation([
                .init(
                    field: "addressId", code: "UNKNOWN_ADDRESS",
                    message: "addressId is not one of the wearer's addresses")
            ])
        }
        let check = AddressCheck(
            subjectId: subject.id, addressId: d.addressId, domesticAbuseCheck: d.domesticAbuseCheck,
            safeguardingCheck: d.safeguardingCheck, outcome: d.outcome, note: d.note,
            checkedBy: actor.id, checkedAt: clock())
        try await store.insertAddressCheck(check)
        try await auditor.record(actor, "create", "address_check", check.id, detail: "subject=\(subject.id)")
        return EditedResponse(status: .created, response: check)
    }

    @Sendable func addressChecks(request: Request, context: AppRequestContext) async throws -> Page<AddressCheck> {
        let actor = try context.requireUser()
        let subject = try await Access(actor).visibleSubject(try context.parameters.require("id"), in: store)
        let checks = try await store.addressChecks(subjectId: subject.id)
        try await auditor.record(actor, "read", "address_check", subject.id)
        return Page(items: checks, nextCursor: nil)
    }
}

extension Subject: ResponseEncodable {}
extension AddressCheck: ResponseEncodable {}

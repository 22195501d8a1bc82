import Foundation
import OpenEMCore

/// The things a user may do, each named once. Which roles hold each is decided in `Access.may(_:)`, nowhere else;
/// controllers and portal pages ask for a permission by name and never test a role themselves.
public enum Permission: String, CaseIterable, Sendable {
    /// Create users and list them.
    case manageUsers
    /// Read the audit log and verify its chain.
    case readAuditLog
    /// Register devices, install and remove them.
    case manageDevices
    /// Create wearers.
    case createSubjects
    /// Record an address's domestic-abuse and safeguarding checks.
    case recordAddressChecks
    /// Create, vary and end orders.
    case manageOrders
    /// Record an order's three-monthly review.
    case recordReviews
    /// Submit crime batches and read their matches and evidence (their own force's, unless national).
    case matchCrimes
    /// Search an area and a time window for wearers.
    case searchAreas
    /// Subscribe webhooks to alerts.
    case manageWebhooks
    /// Receive, acknowledge and decide alerts.
    case receiveAlerts
    /// Read the data-quality figures and their history.
    case readDataQuality
    /// Answer a subject access request: everything held on a person, as one archive.
    case answerSubjectAccess
    /// Record a violation's outcome (a reasonable excuse accepted, no excuse, enforcement).
    case recordViolationOutcomes
    /// Open enforcement cases and record their steps.
    case manageEnforcement
    /// Make extract projects (each with its linkage key).
    case manageExtractProjects
    /// List extract projects (never their keys).
    case readExtractProjects
    /// Make pseudonymised extracts and download one's own.
    case makeExtracts
    /// Read and change the retention schedule.
    case manageRetention
    /// Place, list and release legal holds (police and crime analysts on their own force's wearers and crimes).
    case placeLegalHolds

    /// What a user without the permission is told.
    var refusal: String {
        switch self {
        case .manageUsers: "users are managed by administrators"
        case .readAuditLog: "the audit log is for administrators"
        case .manageDevices: "devices are managed by administrators, the monitoring centre and order managers"
        case .createSubjects: "wearers are created by administrators and order managers"
        case .recordAddressChecks: "address checks are recorded by order managers, probation and the monitoring centre"
        case .manageOrders: "orders are made, varied and ended by administrators and order managers"
        case .recordReviews: "reviews are recorded by order managers and probation"
        case .matchCrimes: "crime batches are submitted by police and crime analysts"
        case .searchAreas: "area search is for police, crime analysts and the monitoring centre"
        case .manageWebhooks: "webhooks are managed by administrators, the monitoring centre or police"
        case .receiveAlerts: "your role does not receive alerts"
        case .readDataQuality: "data quality is for administrators and analysts"
        case .answerSubjectAccess: "subject access requests are answered by administrators"
        case .recordViolationOutcomes: "violation outcomes are recorded by probation, order managers and the monitoring centre"
        case .manageEnforcement: "enforcement cases are managed by probation and order managers"
        case .manageExtractProjects: "extract projects are made by administrators"
        case .readExtractProjects: "extract projects are for administrators and analysts"
        case .makeExtracts: "extracts are made by analysts"
        case .manageRetention: "the retention schedule is for administrators"
        case .placeLegalHolds: "legal holds are placed by administrators, police and crime analysts"
        }
    }
}

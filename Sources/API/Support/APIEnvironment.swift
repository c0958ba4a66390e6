import DocumentArchive
import EOD
import HTTPServer
import Postgres
import Store

/// What the API's handlers need: the database, the tenants' keys and the migration state.
public struct APIEnvironment: Sendable {
    public let pool: PostgresPool
    public let tenants: TenantDatabase
    public let keys: APIKeyService
    public let tenantService: TenantService
    public let migrations: MigrationRunner
    public let metrics: MetricsRegistry
    public let authenticator: Authenticator
    /// Users' login sessions (`POST /v1/sessions`, the `recur_session` cookie).
    public let sessions: SessionService
    /// Failed logins counted per client address, in memory (``LoginThrottle``).
    let loginThrottle = LoginThrottle()
    /// Password reset requests counted per client address and tenant (5 in 15 minutes), in memory.
    let resetThrottle = LoginThrottle(maximum: 5)
    /// Where the links of invitation and password reset e-mails point (`RECUR_PUBLIC_URL`).
    public let accountLinks: AccountLinks
    /// Runs a tenant's EOD on request (`POST /v1/eod-runs`) and reads the run log.
    public let eod: EODRunner
    /// Renders and keeps invoice documents; the error when its fonts or colour profile could not be loaded.
    let documentService: Result<InvoiceDocumentService, DocumentServiceUnavailable>
    /// `POST /v1/eod-runs` runs here, in the background.
    let backgroundEOD: BackgroundEODRuns
    /// Seals tenants' secrets (a relay password); `nil` without `RECUR_SECRETS_KEY`: storing one is refused (409).
    public let secrets: SecretBox?
    /// How many connections auto-reconcile writes its chunks on at once, each chunk committed by itself
    /// (`RECUR_AUTO_RECONCILE_LANES`, docs/banking.md, "Auto-reconcile in lanes"), at most half the pool less the
    /// request's own connection; 1: in the request's own transaction, the whole run committed or rolled back as one.
    public let autoReconcileLanes: Int
    /// The lines of one auto-reconcile chunk (``ChunkWriters/defaultLinesPerChunk``; tests make it small).
    public let autoReconcileChunkLines: Int
    /// The longest one statement of a request may run (`RECUR_STATEMENT_TIMEOUT_MS`); past it the request
    /// answers 503 and its transaction rolls back.
    public static let defaultStatementTimeout = Duration.seconds(30)

    public init(
        pool: PostgresPool, migrations: MigrationRunner, metrics: MetricsRegistry,
        keyCacheTTL: Duration = .seconds(60), statementTimeout: Duration = APIEnvironment.defaultStatementTimeout,
        secrets: SecretBox? = nil, accountLinks: AccountLinks = .fromEnvironment(), autoReconcileLanes: Int = 2,
        autoReconcileChunkLines: Int = ChunkWriters.defaultLinesPerChunk
    ) {
        // At most half the pool besides the request's own connection, so that other requests always find one (a
        // pool of 1–3: the whole run in the request's transaction).
        self.autoReconcileLanes = min(autoReconcileLanes, max(1, (pool.configuration.maxConnections - 1) / 2))
        self.autoReconcileChunkLines = autoReconcileChunkLines
        self.secrets = secrets
        self.accountLinks = accountLinks
        self.pool = pool
        tenants = TenantDatabase(pool: pool, control: migrations.control, statementTimeout: statementTimeout)
        keys = APIKeyService(pool: pool, control: migrations.control)
        tenantService = TenantService(pool: pool, migrations: migrations.migrations, control: migrations.control)
        self.migrations = migrations
        self.metrics = metrics
        sessions = SessionService(pool: pool, control: migrations.control)
        authenticator = Authenticator(keys: keys, sessions: sessions, ttl: keyCacheTTL)
        eod = EODRunner.standard(pool: pool, control: migrations.control)
        do {
            documentService = .success(try InvoiceDocumentService(control: migrations.control))
        } catch {
            documentService = .failure(DocumentServiceUnavailable(reason: "\(error)"))
        }
        // Half the pool at most, so that ordinary requests always find connections.
        backgroundEOD = BackgroundEODRuns(runner: eod, maximumRunning: max(1, pool.configuration.maxConnections / 2))
    }
}

extension APIEnvironment {
    /// The control pool when `tenant` lives on another cluster than the control schema's (its control-schema writes
    /// cannot share its transaction), `nil` when they can.
    func controlPool(apartFrom tenant: TenantContext) -> PostgresPool? {
        tenant.cluster == ClusterConnections.defaultName ? nil : pool
    }
}

/// Documents cannot be rendered on this server (fonts or the colour profile missing): 503 naming the reason.
struct DocumentServiceUnavailable: Error {
    let reason: String
}

extension APIEnvironment {
    /// The document service, or 503 when this server could not load what rendering needs.
    func documents() throws -> InvoiceDocumentService {
        switch documentService {
        case .success(let service): return service
        case .failure(let error):
            throw Problem(status: .serviceUnavailable, detail: "Documents cannot be rendered here: \(error.reason)")
        }
    }
}

namespace InsightGig.ProviderSandbox.Faults;

/// <summary>What the fault filter must do to one request.</summary>
internal readonly record struct FaultDecision(TimeSpan Latency, FaultFailure? Failure);

/// <summary>
/// An injected failure: hang (before or after the handler acted), or answer <paramref name="Status"/> (with Retry-After when set),
/// before the handler or, with <paramref name="FailAfterHandling"/>, after it acted.
/// </summary>
internal sealed record FaultFailure(int Status, int? RetryAfterSeconds, bool Hang, bool HangAfterHandling = false, bool FailAfterHandling = false);

/// <summary>Faults in force, in the order they were injected. Thread-safe; failures are consumed one request at a time.</summary>
internal sealed class FaultRegistry
{
    public static readonly int[] SupportedStatuses = [429, 500, 502, 503, 504];

    public static readonly string[] SupportedMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    private readonly Lock _gate = new();
    private readonly List<ActiveFault> _faults = [];
    private long _nextId;

    public static string? Validate(SandboxFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (SandboxParts.Find(fault.Provider) is null)
        {
            return $"provider must be {SandboxProviderNames.Expected}.";
        }

        if (fault.Status is { } status && !SupportedStatuses.Contains(status))
        {
            return "status must be one of 429, 500, 502, 503, 504.";
        }

        if (fault.Method is { } method && !SupportedMethods.Contains(method, StringComparer.OrdinalIgnoreCase))
        {
            return "method must be one of GET, POST, PUT, PATCH, DELETE (or left out for every method).";
        }

        if (fault.LatencyMs is < 0 or > 120_000)
        {
            return "latencyMs must be between 0 and 120000.";
        }

        if (fault.FailNext is < 0 || fault.RetryAfterSeconds is < 0)
        {
            return "failNext and retryAfterSeconds must not be negative.";
        }

        if ((fault.Hang ? 1 : 0) + (fault.HangAfterHandling ? 1 : 0) + (fault.FailAfterHandling ? 1 : 0) > 1)
        {
            return "only one of hang, hangAfterHandling and failAfterHandling can be set: a request hangs before its handler, hangs after it, or fails after it.";
        }

        return null;
    }

    public SandboxFaultStatus Add(SandboxFault fault)
    {
        if (Validate(fault) is { } problem)
        {
            throw new ArgumentException(problem, nameof(fault));
        }

        lock (_gate)
        {
            bool failsRequests = fault.Hang || fault.HangAfterHandling || fault.FailAfterHandling || fault.Status.HasValue || (fault.FailNext.HasValue && !fault.InvalidGrant);
            var active = new ActiveFault(
                ++_nextId,
                fault,
                failsRequests ? fault.FailNext ?? int.MaxValue : 0,
                fault.InvalidGrant ? fault.FailNext ?? 1 : 0);
            _faults.Add(active);
            return active.Describe();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    public FaultDecision Evaluate(SandboxProvider provider, Common.SandboxEndpointKind kind, string method)
    {
        lock (_gate)
        {
            TimeSpan latency = TimeSpan.Zero;
            FaultFailure? failure = null;
            foreach (ActiveFault active in _faults.Where(f => f.Fault.Provider == provider && Targets(f.Fault.Target, kind)
                         && (f.Fault.Method is null || string.Equals(f.Fault.Method, method, StringComparison.OrdinalIgnoreCase))))
            {
                latency += TimeSpan.FromMilliseconds(active.Fault.LatencyMs);
                if (failure is null && active.RemainingFailures > 0)
                {
                    if (active.RemainingFailures != int.MaxValue)
                    {
                        active.RemainingFailures--;
                    }

                    int status = active.Fault.Status ?? 503;
                    int? retryAfter = active.Fault.RetryAfterSeconds ?? (status == 429 ? 1 : null);
                    failure = new FaultFailure(status, retryAfter, active.Fault.Hang, active.Fault.HangAfterHandling, active.Fault.FailAfterHandling);
                }
            }

            return new FaultDecision(latency, failure);
        }
    }

    /// <summary>True when an invalidGrant fault wants this refresh to fail (and consumes it).</summary>
    public bool TryConsumeInvalidGrant(SandboxProvider provider)
    {
        lock (_gate)
        {
            ActiveFault? active = _faults.FirstOrDefault(f => f.Fault.Provider == provider && f.RemainingInvalidGrants > 0);
            if (active is null)
            {
                return false;
            }

            active.RemainingInvalidGrants--;
            return true;
        }
    }

    public IReadOnlyList<SandboxFaultStatus> Describe()
    {
        lock (_gate)
        {
            return [.. _faults.Select(f => f.Describe())];
        }
    }

    private static bool Targets(SandboxFaultTarget target, Common.SandboxEndpointKind kind) => target switch
    {
        SandboxFaultTarget.Api => kind == Common.SandboxEndpointKind.Api,
        SandboxFaultTarget.Token => kind == Common.SandboxEndpointKind.Token,
        _ => true,
    };

    private sealed class ActiveFault(long id, SandboxFault fault, int remainingFailures, int remainingInvalidGrants)
    {
        public long Id { get; } = id;
        public SandboxFault Fault { get; } = fault;
        public int RemainingFailures { get; set; } = remainingFailures;
        public int RemainingInvalidGrants { get; set; } = remainingInvalidGrants;

        public SandboxFaultStatus Describe() => new(
            Id,
            Fault,
            RemainingFailures == int.MaxValue ? null : RemainingFailures,
            RemainingInvalidGrants);
    }
}

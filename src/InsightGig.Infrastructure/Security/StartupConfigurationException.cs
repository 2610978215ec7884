namespace InsightGig.Infrastructure.Security;

/// <summary>
/// The configuration cannot run safely (a missing certificate or credential). The entry point prints the message as one
/// line and exits with a non-zero code instead of an exception dump, so the message says what to set.
/// </summary>
public sealed class StartupConfigurationException : Exception
{
    public StartupConfigurationException()
    {
    }

    public StartupConfigurationException(string message)
        : base(message)
    {
    }

    public StartupConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

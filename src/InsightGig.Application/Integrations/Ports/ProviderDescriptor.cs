namespace InsightGig.Application.Integrations.Ports;

/// <summary>
/// What a provider unit offers and how people see it: registered by the unit next to its adapters, so pages and
/// messages render from data and no code outside the unit names the provider.
/// </summary>
/// <param name="Key">The provider key: in URLs (<c>/integrations/{key}/callback</c>) and on stored connections.</param>
/// <param name="DisplayName">The account as people know it (the service's brand name).</param>
/// <param name="Icon">The icon's path under the web root (<c>/img/{key}.svg</c>).</param>
public sealed record ProviderDescriptor(string Key, string DisplayName, string Icon)
{
    /// <summary>What the person connects it for, in messages and the dialog's checklist (a calendar's name, say).</summary>
    public string ServiceName { get; init; } = DisplayName;

    /// <summary>The Connected apps button.</summary>
    public string ConnectLabel { get; init; } = "Connect " + DisplayName;

    /// <summary>The dialog's button for this step when it is not linked yet.</summary>
    public string ConnectStepLabel { get; init; } = $"Link your {DisplayName} account";

    /// <summary>The dialog's button for this step when the provider no longer accepts our access.</summary>
    public string ReconnectStepLabel { get; init; } = "Reconnect " + DisplayName;

    /// <summary>A warning the dialog and Connected apps show with this provider, if it has one.</summary>
    public ProviderNotice? Notice { get; init; }

    /// <summary>The unit holds a calendar (<see cref="ICalendarProvider"/>) a person may choose for their invites.</summary>
    public bool OffersCalendar { get; init; }
}

/// <param name="Heading">Shown in bold before <paramref name="Text"/>.</param>
public sealed record ProviderNotice(string Heading, string Text);

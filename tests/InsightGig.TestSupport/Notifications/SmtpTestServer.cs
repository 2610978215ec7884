using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace InsightGig.TestSupport.Notifications;

/// <summary>
/// A real SMTP server on a loopback port (the <c>SmtpServer</c> package), for the app to send through over TCP: it keeps
/// every message it accepted (parsed with MimeKit), refuses the addresses in <see cref="Refused"/> with 550, and can hold
/// the next conversation at MAIL FROM (<see cref="HoldNextSender"/>) so a test can kill the app mid-send.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<(DateTimeOffset At, MimeMessage Message)> _messages = new();
    private readonly Task _running;
    private TaskCompletionSource? _hold;
    private TaskCompletionSource? _holding;
    private TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SmtpTestServer(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        var server = new SmtpServer.SmtpServer(options, services);
        _running = server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>Addresses answered with "550 mailbox unavailable" (case-insensitive).</summary>
    public ConcurrentDictionary<string, bool> Refused { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<MimeMessage> Messages => [.. _messages.Select(d => d.Message)];

    /// <summary>Every message accepted, with when it was (the server's clock).</summary>
    public IReadOnlyList<(DateTimeOffset At, MimeMessage Message)> Deliveries => [.. _messages];

    /// <summary>Forgets the messages and refused addresses (tests sharing the server start from nothing).</summary>
    public void Clear()
    {
        _messages.Clear();
        Refused.Clear();
    }

    /// <summary>Configuration keys that point the app at this server (plain SMTP, no sign-in).</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:UseStartTls"] = "false",
        ["Email:From"] = "InsightGig <no-reply@insightgig.test>",
    };

    public static SmtpTestServer Start() => new(FreePort());

    /// <summary>The next conversation stops at MAIL FROM until <see cref="Release"/>; <see cref="WaitUntilHeldAsync"/> answers when it got there.</summary>
    public void HoldNextSender()
    {
        _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public Task WaitUntilHeldAsync(CancellationToken ct) => _held.Task.WaitAsync(ct);

    public void Release()
    {
        _hold?.TrySetResult();
        _holding?.TrySetResult();
    }

    /// <summary>Waits until the messages satisfy <paramref name="done"/> (polling), or fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(Func<IReadOnlyList<MimeMessage>, bool> done, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!done(Messages))
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The SMTP server did not get the expected mail within {timeout}; it has: "
                    + string.Join(" | ", Messages.Select(m => $"{m.To} «{m.Subject}»")));
            }

            await Task.Delay(100, ct);
        }

        return Messages;
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store(SmtpTestServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            server._messages.Enqueue((DateTimeOffset.UtcNow, await MimeMessage.LoadAsync(stream, cancellationToken)));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(SmtpTestServer server) : IMailboxFilter
    {
        public async Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref server._hold, null) is { } hold)
            {
                server._holding = hold;
                server._held.TrySetResult();
                await hold.Task.WaitAsync(cancellationToken);
            }

            return true;
        }

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!server.Refused.ContainsKey(to.AsAddress()));
    }
}

namespace InsightGig.ProviderSandbox.Common;

/// <summary>What the sandbox sends out by itself (push notifications): the status the receiver answered, 0 when it could not be reached.</summary>
internal static class OutboundPost
{
    public static async Task<int> StatusOfAsync(HttpClient http, HttpRequestMessage request)
    {
        try
        {
            using HttpResponseMessage response = await http.SendAsync(request);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
        catch (TaskCanceledException)
        {
            return 0; // the receiver did not answer in time
        }
    }
}

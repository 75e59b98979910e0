#Requires -Version 7.2
<#
.SYNOPSIS
    Benchmarks of the built module (build.ps1 -Task Bench runs it). Each prints one `bench:` line of key=value.

.DESCRIPTION
    import: median of 7 runs of `pwsh -NoProfile -c "Import-Module <psd1>"` minus the median of 7 runs of
    `pwsh -NoProfile -c exit`, the two run in turn (the import overhead in ms), and how many AWSSDK* assemblies
    are loaded after Import-Module alone (the design says 0: AWS code loads on first use). Beside it, a minimal binary
    module (one trivial cmdlet, compiled by the bench) in the same rounds: what PowerShell spends on importing any
    binary module, so that import_over_minimal_module_ms is our own share; and for both, the methods JIT-compiled and
    the CPU time of Import-Module in the process (steadier than wall time on a busy machine).
#>
[CmdletBinding()]
param(
    [string] $ModulePath,
    [int] $Runs = 7,
    # Run only these parts (default: all).
    [ValidateSet('Import', 'Reads', 'FirstCall', 'Load', 'Exec', 'PortForward', 'Copy')]
    [string[]] $Only,
    # Load: also write each run's requests (sent, answered, operation, body) to <path>.Record.xml and <path>.Replay.xml
    # (Export-Clixml), to see where the wall time of a run goes.
    [string] $LoadRequestLog
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'

Import-Module (Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1') -Force
if ($ModulePath) { $env:EcsAdminTestModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath }
$psd1 = Get-EcsAdminModulePath
if (-not (Test-Path -LiteralPath $psd1)) { throw "Built module not found: $psd1 (run ./build.ps1 -Task Build)" }

$pwsh = Get-PwshCommand
$exe = $pwsh[0]
$pre = @($pwsh | Select-Object -Skip 1)

function Measure-PwshRound([System.Collections.Specialized.OrderedDictionary] $Commands, [int] $Count) {
    # The medians of several commands, run in turn (a, b, c, a, b, c, ...) rather than one block after another: the
    # machine's speed drifts by hundreds of milliseconds over a minute, and differences between start-up figures are
    # only meaningful when the drift falls on every command alike.
    $times = @{}
    foreach ($name in $Commands.Keys) { $times[$name] = [System.Collections.Generic.List[double]]::new() }
    foreach ($i in 1..$Count) {
        foreach ($name in $Commands.Keys) {
            $sw = [Diagnostics.Stopwatch]::StartNew()
            & $exe @pre -NoProfile -NonInteractive -Command $Commands[$name] | Out-Null
            $sw.Stop()
            if ($LASTEXITCODE -ne 0) { throw "pwsh -c '$($Commands[$name])' exited with $LASTEXITCODE" }
            $times[$name].Add($sw.Elapsed.TotalMilliseconds)
        }
    }
    $medians = @{}
    foreach ($name in $Commands.Keys) { $sorted = @($times[$name] | Sort-Object); $medians[$name] = $sorted[[int][Math]::Floor($sorted.Count / 2)] }
    $medians
}

function Measure-Pwsh([string] $Command, [int] $Count) {
    $times = foreach ($i in 1..$Count) {
        $sw = [Diagnostics.Stopwatch]::StartNew()
        & $exe @pre -NoProfile -NonInteractive -Command $Command | Out-Null
        $sw.Stop()
        if ($LASTEXITCODE -ne 0) { throw "pwsh -c '$Command' exited with $LASTEXITCODE" }
        $sw.Elapsed.TotalMilliseconds
    }
    $sorted = @($times | Sort-Object)
    $sorted[[int][Math]::Floor($sorted.Count / 2)]
}

# Warm the disk cache once so the first measured run is not an outlier.
& $exe @pre -NoProfile -NonInteractive -Command "Import-Module '$psd1'" | Out-Null

$quoted = $psd1.Replace("'", "''")
if (-not $Only -or $Only -contains 'Import' -or $Only -contains 'FirstCall') {
    # Beside ours, a minimal binary module (one trivial cmdlet, no format file) compiled here: its import is what
    # PowerShell spends on any binary module (manifest, assembly load, cmdlet scan, its own JIT-compiled code when pwsh
    # is not ReadyToRun), so import_over_minimal_module_ms is the part of our import that is ours.
    $minimal = Join-Path ([IO.Path]::GetTempPath()) ('ecsadmin-bench-minimal-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $minimal
    Add-Type -OutputAssembly (Join-Path $minimal 'BenchMinimal.dll') -TypeDefinition @'
namespace BenchMinimal {
    [System.Management.Automation.Cmdlet("Get", "BenchMinimal")]
    public sealed class GetBenchMinimalCommand : System.Management.Automation.PSCmdlet {
        protected override void ProcessRecord() { WriteObject("minimal"); }
    }
}
'@
    Set-Content -LiteralPath (Join-Path $minimal 'BenchMinimal.psd1') -Value "@{ RootModule = 'BenchMinimal.dll'; ModuleVersion = '1.0'; GUID = '$([guid]::NewGuid())'; CmdletsToExport = @('Get-BenchMinimal'); FunctionsToExport = @(); AliasesToExport = @(); VariablesToExport = @() }"
    $minimalPsd1 = Join-Path $minimal 'BenchMinimal.psd1'
    try {
        $m = Measure-PwshRound ([ordered]@{ Bare = 'exit'; Minimal = "Import-Module '$minimalPsd1'"; Import = "Import-Module '$quoted'" }) $Runs
        # Methods JIT-compiled and CPU time spent by Import-Module alone, in the process (medians of $Runs processes).
        $importProbe = { param($p) "`$x = [Diagnostics.Process]::GetCurrentProcess(); `$c0 = `$x.TotalProcessorTime; `$j0 = [System.Runtime.JitInfo]::GetCompiledMethodCount(`$false); Import-Module '$p'; `$j1 = [System.Runtime.JitInfo]::GetCompiledMethodCount(`$false); `$x.Refresh(); `"IMPORT `$(`$j1 - `$j0) `$([Math]::Round((`$x.TotalProcessorTime - `$c0).TotalMilliseconds))`"" }
        $importCost = {
            param($p)
            $samples = foreach ($i in 1..$Runs) {
                , ((@(& $exe @pre -NoProfile -NonInteractive -Command (& $importProbe $p)) | Where-Object { "$_" -like 'IMPORT *' } | Select-Object -Last 1) -split ' ' | Select-Object -Skip 1 | ForEach-Object { [double]$_ })
            }
            foreach ($k in 0, 1) { $sorted = @($samples | ForEach-Object { $_[$k] } | Sort-Object); $sorted[[int][Math]::Floor($sorted.Count / 2)] }
        }
        $oursCost = & $importCost $quoted
        $minimalCost = & $importCost $minimalPsd1
    } finally { Remove-Item -LiteralPath $minimal -Recurse -Force -ErrorAction SilentlyContinue }
    $baseline = $m.Bare
    $withImport = $m.Import
    $overhead = [Math]::Round($withImport - $baseline, 0)
    Write-Host ("bench: import_over_minimal_module_ms={0} minimal_module_import_ms={1} import_jit_methods={2} minimal_module_import_jit_methods={3} import_cpu_ms={4} minimal_module_import_cpu_ms={5}" -f `
            [Math]::Round($withImport - $m.Minimal, 0), [Math]::Round($m.Minimal - $baseline, 0), $oursCost[0], $minimalCost[0], $oursCost[1], $minimalCost[1])

    $probe = "Import-Module '$quoted'; @([System.Runtime.Loader.AssemblyLoadContext]::All | ForEach-Object { `$_.Assemblies } | Where-Object { `$_.GetName().Name -like 'AWSSDK*' }).Count"
    $loaded = (& $exe @pre -NoProfile -NonInteractive -Command $probe | Select-Object -Last 1)
    if ($LASTEXITCODE -ne 0) { throw "assembly probe exited with $LASTEXITCODE" }

    Write-Host ("bench: import_overhead_ms={0} pwsh_start_ms={1} aws_assemblies_loaded_by_import={2}" -f $overhead, [Math]::Round($baseline, 0), "$loaded".Trim())
}

# =====================================================================================================================
# Reads at the round-trip minimum. Every reply of the recording proxy is held 50 ms (as a real endpoint's
# network and service time would), so wall time shows the round trips made one after another. For each command:
# requests (counted by the proxy), critical-path round trips (the longest chain of requests each sent after the
# previous one's reply; see Get-RoundTrip) and wall time. Beside them, in the same run, against the same moto and
# proxy, the seed's approach written with boto3 as a user would: ListServices, then per service DescribeServices
# and two GetMetricStatistics (CPU and memory), one after another.
# =====================================================================================================================
$ReplyDelayMs = 50

function Invoke-MotoJson([string] $Url, [string] $Service, [string] $Operation, [hashtable] $Body) {
    $spec = @{ ecs = @('AmazonEC2ContainerServiceV20141113', 'application/x-amz-json-1.1'); monitoring = @('GraniteServiceVersion20100801', 'application/x-amz-json-1.0') }[$Service]
    $headers = @{ 'X-Amz-Target' = "$($spec[0]).$Operation"; 'Authorization' = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/$Service/aws4_request, SignedHeaders=host, Signature=0" }
    if ($Service -eq 'monitoring') { $headers['x-amzn-query-mode'] = 'true' }
    Invoke-RestMethod -Method Post -Uri $Url -Headers $headers -ContentType $spec[1] -Body ($Body | ConvertTo-Json -Depth 10 -Compress)
}

function New-BenchServices([string] $MotoUrl, [string[]] $Clusters, [int] $PerCluster, [int] $Needy = 0, [switch] $Metrics) {
    # Services straight into moto (not through the proxy): desired 0 (steady), the first $Needy of each cluster desired 1
    # (moto runs none of them, so they run fewer than desired and health reads their stopped tasks).
    $null = Invoke-MotoJson $MotoUrl ecs RegisterTaskDefinition @{ family = 'bench'; containerDefinitions = @(@{ name = 'app'; image = 'nginx'; memory = 128 }) }
    $ts = [DateTimeOffset]::UtcNow.AddMinutes(-2).ToUnixTimeSeconds()
    $http = [System.Net.Http.HttpClient]::new()
    try {
        foreach ($c in $Clusters) {
            $null = Invoke-MotoJson $MotoUrl ecs CreateCluster @{ clusterName = $c }
            foreach ($i in 1..$PerCluster) {
                $n = 'svc-{0:D3}' -f $i
                $body = @{ cluster = $c; serviceName = $n; taskDefinition = 'bench'; desiredCount = $(if ($i -le $Needy) { 1 } else { 0 }); launchType = 'EC2' } | ConvertTo-Json -Compress
                $req = [System.Net.Http.HttpRequestMessage]::new('POST', $MotoUrl)
                $null = $req.Headers.TryAddWithoutValidation('X-Amz-Target', 'AmazonEC2ContainerServiceV20141113.CreateService')
                $null = $req.Headers.TryAddWithoutValidation('Authorization', 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0')
                $req.Content = [System.Net.Http.StringContent]::new($body, [Text.Encoding]::UTF8, 'application/x-amz-json-1.1')
                $null = $http.Send($req).EnsureSuccessStatusCode()
                if ($Metrics) {
                    $null = Invoke-MotoJson $MotoUrl monitoring PutMetricData @{ Namespace = 'AWS/ECS'; MetricData = @(
                            foreach ($m in 'CPUUtilization', 'MemoryUtilization') { @{ MetricName = $m; Value = (Get-Random -Minimum 5 -Maximum 60); Unit = 'Percent'; Timestamp = $ts
                                    Dimensions = @(@{ Name = 'ClusterName'; Value = $c }, @{ Name = 'ServiceName'; Value = $n }) } }) }
                }
            }
        }
    } finally { $http.Dispose() }
}

function Get-RoundTrip([object[]] $Requests) {
    # Critical-path round trips: a request's depth is 1 + the deepest request whose reply had been sent before it was
    # received (so it may have waited for it); requests sent together share a depth. The result is the deepest.
    $sorted = @($Requests | Sort-Object Time)
    $depth = [int[]]::new($sorted.Count)
    $max = 0
    for ($i = 0; $i -lt $sorted.Count; $i++) {
        $d = 1
        for ($j = 0; $j -lt $i; $j++) {
            if ($sorted[$j].Completed -le $sorted[$i].Time -and $depth[$j] + 1 -gt $d) { $d = $depth[$j] + 1 }
        }
        $depth[$i] = $d
        if ($d -gt $max) { $max = $d }
    }
    $max
}

function Get-ServerBusyMs([object[]] $Requests) {
    # How long the emulator itself was busy answering (the union of each request's span less the proxy's hold): moto
    # serves one request at a time, so concurrent requests queue there; this is time a real endpoint would overlap.
    $spans = @($Requests | ForEach-Object { , @($_.Time.AddMilliseconds($ReplyDelayMs), $_.Completed) } | Sort-Object { $_[0] })
    $busy = 0.0; $end = [datetime]::MinValue
    foreach ($sp in $spans) {
        $from = if ($sp[0] -gt $end) { $sp[0] } else { $end }
        if ($sp[1] -gt $from) { $busy += ($sp[1] - $from).TotalMilliseconds; $end = $sp[1] }
    }
    [Math]::Round($busy)
}

function Get-ClientOnlyMs([object[]] $Requests, [datetime] $From, [datetime] $To) {
    # The part of [From, To] during which no request was at the endpoint: the client's own time on the critical path
    # (starting the pipeline, binding, session, building requests, reading replies, writing objects).
    $spans = @($Requests | ForEach-Object { , @($_.Time, $_.Completed) } | Sort-Object { $_[0] })
    $covered = 0.0; $end = $From
    foreach ($sp in $spans) {
        $a = if ($sp[0] -gt $end) { $sp[0] } else { $end }
        $b = if ($sp[1] -lt $To) { $sp[1] } else { $To }
        if ($b -gt $a) { $covered += ($b - $a).TotalMilliseconds; $end = $b }
    }
    [Math]::Round(($To - $From).TotalMilliseconds - $covered)
}

function Measure-Read([object] $Proxy, [scriptblock] $Command) {
    $Proxy.Clear()
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $out = @(& $Command)
    $sw.Stop()
    $null = $Proxy.WaitIdle(5000)
    $requests = @($Proxy.Requests)
    [pscustomobject]@{
        Count      = $out.Count
        Requests   = $requests.Count
        RoundTrips = Get-RoundTrip $requests
        WallMs     = [Math]::Round($sw.Elapsed.TotalMilliseconds)
        ServerMs   = Get-ServerBusyMs $requests
        ByOp       = ($requests | Group-Object Operation | Sort-Object Name | ForEach-Object { "$($_.Name):$($_.Count)" }) -join ','
    }
}

function Invoke-ReadsBench {
    param([int] $Services = 100)
    $moto = Start-MotoServer
    $proxy = Start-RecordingProxy -Upstream $moto.Url
    $envSnapshot = Set-FakeAwsEnvironment -EndpointUrl $proxy.Url
    try {
        $cluster = 'bench-reads'
        New-BenchServices -MotoUrl $moto.Url -Clusters $cluster -PerCluster $Services -Needy 5 -Metrics
        Import-EcsAdminUnderTest
        $null = Get-EcsService -Cluster $cluster -Name svc-001   # warm: engine load, client cache, connections
        $null = Get-EcsServiceHealth -Cluster $cluster -Service svc-001
        $proxy.AddFault('*', 0, $null, $null, -1, $ReplyDelayMs)

        $svc = Measure-Read $proxy { Get-EcsService -Cluster $cluster }
        $all = Measure-Read $proxy { Get-EcsService }
        $health = Measure-Read $proxy { Get-EcsServiceHealth -Cluster $cluster }
        Write-Host ("bench: reads_services={0} reply_delay_ms={1} get_service_count={2} get_service_requests={3} get_service_round_trips={4} get_service_wall_ms={5} get_service_moto_busy_ms={8} get_service_all_clusters_round_trips={6} get_service_all_clusters_wall_ms={7}" -f `
                $Services, $ReplyDelayMs, $svc.Count, $svc.Requests, $svc.RoundTrips, $svc.WallMs, $all.RoundTrips, $all.WallMs, $svc.ServerMs)
        Write-Host ("bench: health_count={0} health_requests={1} health_round_trips={2} health_wall_ms={3} health_moto_busy_ms={5} health_requests_by_op={4}" -f `
                $health.Count, $health.Requests, $health.RoundTrips, $health.WallMs, $health.ByOp, $health.ServerMs)

        # The seed's approach, with boto3 as a user would write it (same endpoint, same 50 ms per reply).
        $python = (Get-Command python3 -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
        if (-not $python) { Write-Host 'bench: seed_boto3=skipped (python3 is not installed)'; return }
        $script = @'
import sys, time, datetime, boto3
url, cluster = sys.argv[1], sys.argv[2]
ecs = boto3.client("ecs", endpoint_url=url, region_name="us-east-1")
cw = boto3.client("cloudwatch", endpoint_url=url, region_name="us-east-1")
ecs.list_clusters()  # warm: client creation and the first connection are not timed
start = time.perf_counter()
arns = []
for page in ecs.get_paginator("list_services").paginate(cluster=cluster):
    arns += page["serviceArns"]
end_time = datetime.datetime.now(datetime.timezone.utc)
rows = 0
for arn in arns:
    svc = ecs.describe_services(cluster=cluster, services=[arn])["services"][0]
    for metric in ("CPUUtilization", "MemoryUtilization"):
        cw.get_metric_statistics(Namespace="AWS/ECS", MetricName=metric,
            Dimensions=[{"Name": "ClusterName", "Value": cluster}, {"Name": "ServiceName", "Value": svc["serviceName"]}],
            StartTime=end_time - datetime.timedelta(minutes=15), EndTime=end_time, Period=900, Statistics=["Average", "Maximum"])
    rows += 1
print("SEED rows=%d wall_ms=%d" % (rows, round((time.perf_counter() - start) * 1000)))
'@
        $file = Join-Path ([IO.Path]::GetTempPath()) ("ecsadmin-seed-" + [guid]::NewGuid().ToString('N') + '.py')
        Set-Content -LiteralPath $file -Value $script -Encoding utf8NoBOM
        try {
            $null = & $python $file $proxy.Url $cluster 2>&1   # warm once (imports, moto's first replies)
            $proxy.Clear()
            $out = @(& $python $file $proxy.Url $cluster 2>&1)
            $null = $proxy.WaitIdle(5000)
            $line = @($out | Where-Object { "$_" -like 'SEED*' }) | Select-Object -Last 1
            if (-not $line) { Write-Host "bench: seed_boto3=failed ($($out -join ' '))"; return }
            $seedWall = [int](("$line" -replace '.*wall_ms=(\d+).*', '$1'))
            $requests = @($proxy.Requests | Where-Object { $_.Operation -ne 'ListClusters' })
            Write-Host ("bench: seed_boto3_services={0} seed_boto3_requests={1} seed_boto3_round_trips={2} seed_boto3_wall_ms={3} health_wall_ratio_seed_over_ecsadmin={4} health_requests_ratio_seed_over_ecsadmin={5}" -f `
                    ("$line" -replace '.*rows=(\d+).*', '$1'), $requests.Count, (Get-RoundTrip $requests), $seedWall,
                    [Math]::Round($seedWall / [Math]::Max(1, $health.WallMs), 1), [Math]::Round($requests.Count / [Math]::Max(1, $health.Requests), 1))
        } finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
    } finally {
        Restore-AwsEnvironment -Snapshot $envSnapshot
        Stop-RecordingProxy -Proxy $proxy
        Stop-MotoServer -Server $moto
    }
}

if (-not $Only -or $Only -contains 'Reads') { Invoke-ReadsBench }

# =====================================================================================================================
# First cmdlet call, Ctrl+C latency and the fault run.
function Invoke-FirstCallAndFaultBench {
    $moto = Start-MotoServer
    $proxy = Start-RecordingProxy -Upstream $moto.Url
    $envSnapshot = Set-FakeAwsEnvironment -EndpointUrl $proxy.Url
    try {
        # First cmdlet call in a fresh pwsh: import + engine load + first request, beside the import alone.
        # Bare start, import and first call measured in turn, so the differences do not carry the machine's drift
        # between this and the import block above.
        $m = Measure-PwshRound ([ordered]@{ Bare = 'exit'; Import = "Import-Module '$quoted'"; First = "Import-Module '$quoted'; `$null = Get-EcsCluster" }) $Runs
        $baseline = $m.Bare
        $withImport = $m.Import
        $first = $m.First
        # The same without the ReadyToRun copies (deps/r2r moved aside for the measurement), and per first call the
        # methods the JIT compiled and the CPU time the process spent (medians of $Runs fresh processes: counts and
        # CPU time move far less with the machine's load than wall time does).
        $r2r = Join-Path (Split-Path -Parent $psd1) 'deps/r2r'
        $jitProbe = "`$p = [Diagnostics.Process]::GetCurrentProcess(); `$j0 = [System.Runtime.JitInfo]::GetCompiledMethodCount(`$false); Import-Module '$quoted'; `$j1 = [System.Runtime.JitInfo]::GetCompiledMethodCount(`$false); `$p.Refresh(); `$c1 = `$p.TotalProcessorTime; `$null = Get-EcsCluster; `$j2 = [System.Runtime.JitInfo]::GetCompiledMethodCount(`$false); `$p.Refresh(); `"JIT `$(`$j1 - `$j0) `$(`$j2 - `$j1) `$([Math]::Round((`$p.TotalProcessorTime - `$c1).TotalMilliseconds))`""
        $jit = {
            $samples = foreach ($i in 1..$Runs) {
                , ((@(& $exe @pre -NoProfile -NonInteractive -Command $jitProbe) | Where-Object { "$_" -like 'JIT *' } | Select-Object -Last 1) -split ' ' | Select-Object -Skip 1 | ForEach-Object { [double]$_ })
            }
            $median = { param($i) $sorted = @($samples | ForEach-Object { $_[$i] } | Sort-Object); $sorted[[int][Math]::Floor($sorted.Count / 2)] }
            @((& $median 0), (& $median 1), (& $median 2))
        }
        $withJit = & $jit
        $plain = $null; $plainJit = @('-', '-', '-')
        if (Test-Path -LiteralPath $r2r) {
            Rename-Item -LiteralPath $r2r -NewName 'r2r-off'
            try {
                $plain = Measure-Pwsh "Import-Module '$quoted'; `$null = Get-EcsCluster" $Runs
                $plainJit = & $jit
            } finally { Rename-Item -LiteralPath "$r2r-off" -NewName 'r2r' }
        }
        Write-Host ("bench: first_call_ms={0} first_call_over_import_ms={1} first_call_ms_without_readytorun={2} import_jit_methods={3} first_call_jit_methods={4} first_call_jit_methods_without_readytorun={5} first_call_cpu_ms={6} first_call_cpu_ms_without_readytorun={7}" -f `
                [Math]::Round($first - $baseline, 0), [Math]::Round($first - $withImport, 0), $(if ($plain) { [Math]::Round($plain - $baseline, 0) } else { 'n/a' }),
                $withJit[0], $withJit[1], $plainJit[1], $withJit[2], $plainJit[2])

        # Ctrl+C: a runspace calls Get-EcsCluster against an endpoint that answers after 30 s; Stop() is timed.
        Import-EcsAdminUnderTest
        $proxy.AddFault('ListClusters', 0, $null, $null, -1, 30000)
        $stops = foreach ($i in 1..5) {
            $ps = [PowerShell]::Create()
            $null = $ps.AddScript("Import-Module '$quoted'; Get-EcsCluster")
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ($proxy.Count('ListClusters') -lt $i -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $sw.Stop()
            $ps.Dispose()
            $sw.Elapsed.TotalMilliseconds
        }
        $proxy.ClearFaults()
        $sortedStops = @($stops | Sort-Object)
        Write-Host ("bench: ctrl_c_stop_ms_median={0} ctrl_c_stop_ms_max={1}" -f [Math]::Round($sortedStops[2], 0), [Math]::Round($sortedStops[-1], 0))

        # The fault run: the same workload without and with 30% throttling + 10% 5xx.
        function Invoke-Workload([string] $Prefix) {
            1..10 | ForEach-Object { New-EcsCluster -Name "$Prefix-$_" } | Out-Null
            1..10 | ForEach-Object { Register-EcsTaskDefinition -Family "$Prefix-td" -Image "img:$_" } | Out-Null
            ((Get-EcsCluster "$Prefix-*" | Sort-Object Cluster).Cluster -join ',') + '|' +
            ((Get-EcsTaskDefinition -Family "$Prefix-td" -AllRevisions).Revision -join ',')
        }
        $clean = (Invoke-Workload 'benchclean') -replace 'benchclean', 'X'
        $proxy.Clear()
        $proxy.SetFaultPattern(10, [int[]](0, 3, 6), [int[]](9))
        $faulty = (Invoke-Workload 'benchfault') -replace 'benchfault', 'X'
        $proxy.ClearFaults()
        $requests = @($proxy.Requests | Where-Object Operation)
        $forwarded = @($requests | Where-Object { -not $_.Faulted })
        $run = 0; $maxAttempts = 0
        foreach ($r in $requests) { $run++; if (-not $r.Faulted) { $maxAttempts = [Math]::Max($maxAttempts, $run); $run = 0 } }
        $duplicates = @($forwarded | Where-Object Operation -in 'CreateCluster', 'RegisterTaskDefinition').Count - 20
        Write-Host ("bench: faults_operations={0} faults_injected={1} faults_attempts={2} faults_results_identical={3} faults_duplicates_created={4} faults_attempts_per_call_mean={5} faults_attempts_per_call_max={6}" -f `
            $forwarded.Count, ($requests.Count - $forwarded.Count), $requests.Count, ($clean -eq $faulty), $duplicates,
            [Math]::Round($requests.Count / [Math]::Max(1, $forwarded.Count), 2), $maxAttempts)

        # Network faults through the raw-socket proxy: 20% connections reset, 20% replies cut off half way.
        if (-not ('EcsAdminTest.TcpFaultProxy' -as [type])) { Add-Type -Path (Join-Path $PSScriptRoot '../tests/pester/TcpFaultProxy.cs') }
        $tcp = [EcsAdminTest.TcpFaultProxy]::new($moto.Url)
        $savedEndpoint = $env:AWS_ENDPOINT_URL
        try {
            $env:AWS_ENDPOINT_URL = $tcp.Url
            $tcp.Period = 5; $tcp.ResetSlots = [int[]](1); $tcp.TruncateSlots = [int[]](3)
            $network = (Invoke-Workload 'benchnet') -replace 'benchnet', 'X'
            $tcp.Period = 0
            $created = @($tcp.Forwarded | Where-Object { $_ -in 'CreateCluster', 'RegisterTaskDefinition' }).Count
            Write-Host ("bench: network_operations={0} network_resets={1} network_truncations={2} network_results_identical={3} network_duplicates_created={4}" -f `
                $tcp.Forwarded.Count, $tcp.Resets, $tcp.Truncations, ($clean -eq $network), ($created - 20))
        } finally {
            $env:AWS_ENDPOINT_URL = $savedEndpoint
            $tcp.Dispose()
        }
    } finally {
        Restore-AwsEnvironment -Snapshot $envSnapshot
        Stop-RecordingProxy -Proxy $proxy
        Stop-MotoServer -Server $moto
    }
}

if (-not $Only -or $Only -contains 'FirstCall') { Invoke-FirstCallAndFaultBench }

# =====================================================================================================================
# Load: 1,000 services in 10 clusters, every reply held 50 ms by the proxy, in a fresh pwsh (after one warm-up call of
# each measured cmdlet): `Get-EcsCluster | Get-EcsService` and `Get-EcsCluster | Get-EcsServiceHealth`: wall time,
# requests and round trips; peak working set, service clients created, and TCP connections the module opened.
# Two figures, from two fresh processes running the same commands:
#   live:   the proxy forwards to moto and keeps each reply (record mode). moto_server answers one request at a time
#           in Python, so most of this wall time is moto's (load_*_moto_busy_ms says how much).
#   replay: the proxy answers each request with moto's reply to the same request in the live run (same operation,
#           path and body; GetMetricData's time range aside), still holding it 50 ms, and never asks moto. A request
#           that was not recorded is a miss and fails the bench. This is the client's own time plus the 50 ms per
#           round trip that stands for AWS: the goals (Get-EcsService <= 1 s, Get-EcsServiceHealth <= 2 s) are judged
#           on it, because real ECS answers concurrent requests concurrently and moto does not.
function Invoke-LoadBench {
    param([int] $Clusters = 10, [int] $ServicesPerCluster = 100)
    $moto = Start-MotoServer
    $proxy = Start-RecordingProxy -Upstream $moto.Url
    $envSnapshot = Set-FakeAwsEnvironment -EndpointUrl $proxy.Url
    try {
        New-BenchServices -MotoUrl $moto.Url -Clusters (1..$Clusters | ForEach-Object { "load-$_" }) -PerCluster $ServicesPerCluster -Needy 2
        $proxy.AddFault('*', 0, $null, $null, -1, $ReplyDelayMs)
        $probe = @"
`$null = Get-EcsCluster
`$null = Get-EcsService -Cluster 'load-1' -Name 'svc-001'
`$null = Get-EcsServiceHealth -Cluster 'load-1' -Service 'svc-001'
`$m1 = [DateTime]::UtcNow.Ticks; `$sw = [Diagnostics.Stopwatch]::StartNew()
`$services = @(Get-EcsCluster | Get-EcsService)
`$t1 = `$sw.Elapsed.TotalMilliseconds; `$m2 = [DateTime]::UtcNow.Ticks
`$sw.Restart()
`$health = @(Get-EcsCluster | Get-EcsServiceHealth)
`$t2 = `$sw.Elapsed.TotalMilliseconds; `$m3 = [DateTime]::UtcNow.Ticks
"MARK1 `$m1"
"MARK2 `$m2"
"MARK3 `$m3"
`$engine = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'EcsAdmin' | ForEach-Object { `$_.Assemblies } | Where-Object { `$_.GetName().Name -eq 'EcsAdmin.Engine' }
`$clients = `$engine.GetType('EcsAdmin.Engine.Aws.SessionAwsApi').GetProperty('ClientsCreated').GetValue(`$null)
`$port = ([uri]'$($proxy.Url)').Port
`$conns = @([System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties().GetActiveTcpConnections() | Where-Object { `$_.RemoteEndPoint.Port -eq `$port -and `$_.State -eq "Established" }).Count
`$peak = [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB
"RESULT services=`$(`$services.Count) service_ms=`$([Math]::Round(`$t1)) health=`$(`$health.Count) health_ms=`$([Math]::Round(`$t2)) peak_ws_mb=`$([Math]::Round(`$peak)) clients=`$clients tcp_connections=`$conns"
"@
        $run = {
            $proxy.Clear()
            $r = Invoke-FreshPwsh -Command ("Import-Module '$quoted'; " + $probe)
            $null = $proxy.WaitIdle(5000)
            $line = ($r.Output | Where-Object { $_ -like 'RESULT*' }) -replace '^RESULT ', ''
            if (-not $line) { throw "load probe failed ($($proxy.Mode)): $($r.Output -join "`n")" }
            $mark = { param($name) [datetime]::new([long](("$($r.Output | Where-Object { $_ -like "$name *" })" -split ' ')[1]), [DateTimeKind]::Utc) }
            $m1 = & $mark 'MARK1'; $m2 = & $mark 'MARK2'; $m3 = & $mark 'MARK3'
            $all = @($proxy.Requests)
            if ($LoadRequestLog) {
                [pscustomobject]@{ Marks = @($m1, $m2, $m3); Requests = @($all | Select-Object Sequence, Time, Completed, Operation, Body, Replayed) } |
                    Export-Clixml -LiteralPath "$LoadRequestLog.$($proxy.Mode).xml"
            }
            [pscustomobject]@{
                Line   = $line
                ServiceClientMs = Get-ClientOnlyMs (@($all | Where-Object { $_.Time -ge $m1 -and $_.Time -lt $m2 })) $m1 $m2
                HealthClientMs  = Get-ClientOnlyMs (@($all | Where-Object { $_.Time -ge $m2 -and $_.Time -lt $m3 })) $m2 $m3
                Values = @{} + (ConvertFrom-StringData (($line -split ' ') -join "`n"))
                Svc    = @($all | Where-Object { $_.Time -ge $m1 -and $_.Time -lt $m2 })
                Health = @($all | Where-Object { $_.Time -ge $m2 -and $_.Time -lt $m3 })
            }
        }

        $proxy.Mode = 'Record'
        $live = & $run
        Write-Host ("bench: load_figure=live load_clusters={0} load_services_created={1} reply_delay_ms={2} {3} load_service_requests={4} load_service_round_trips={5} load_service_moto_busy_ms={8} load_health_requests={6} load_health_round_trips={7} load_health_moto_busy_ms={9} load_service_client_only_ms={10} load_health_client_only_ms={11}" -f `
                $Clusters, ($Clusters * $ServicesPerCluster), $ReplyDelayMs, ($live.Line -replace '(\w+)=', 'load_$1='),
                $live.Svc.Count, (Get-RoundTrip $live.Svc), $live.Health.Count, (Get-RoundTrip $live.Health), (Get-ServerBusyMs $live.Svc), (Get-ServerBusyMs $live.Health), $live.ServiceClientMs, $live.HealthClientMs)

        $proxy.Mode = 'Replay'
        $replay = & $run
        $misses = @($proxy.ReplayMisses)
        if ($misses.Count -gt 0) {
            throw "load bench: $($misses.Count) request(s) of the replay run were not in the recording, so the replay is not the same run: $(($misses | Select-Object -First 3 | ForEach-Object { "$($_.Operation) $($_.Body)" }) -join '; ')"
        }
        Write-Host ("bench: load_figure=replay {0} load_replay_service_requests={1} load_replay_service_round_trips={2} load_replay_health_requests={3} load_replay_health_round_trips={4} load_replay_replies_recorded={5} load_replay_service_client_only_ms={6} load_replay_health_client_only_ms={7}" -f `
                ($replay.Line -replace '(\w+)=', 'load_replay_$1='), $replay.Svc.Count, (Get-RoundTrip $replay.Svc), $replay.Health.Count, (Get-RoundTrip $replay.Health), $proxy.RecordedReplyCount, $replay.ServiceClientMs, $replay.HealthClientMs)
        $svcMs = [int]$replay.Values['service_ms']; $healthMs = [int]$replay.Values['health_ms']
        Write-Host ("bench: load_goal_judged_on=replay load_service_goal_ms=1000 load_service_goal_met={0} load_health_goal_ms=2000 load_health_goal_met={1}" -f `
                ($svcMs -le 1000 -and $replay.Values['services'] -eq "$($Clusters * $ServicesPerCluster)"), ($healthMs -le 2000 -and $replay.Values['health'] -eq "$($Clusters * $ServicesPerCluster)"))
    } finally {
        $proxy.Mode = 'Off'
        Restore-AwsEnvironment -Snapshot $envSnapshot
        Stop-RecordingProxy -Proxy $proxy
        Stop-MotoServer -Server $moto
    }
}

if (-not $Only -or $Only -contains 'Load') { Invoke-LoadBench }

# =====================================================================================================================
# ECS Exec data channel: time to first output and throughput on loopback, client against the exec test
# server (tests/EcsAdmin.ExecTestServer --bench), 8 MB through the full protocol (ack, ordering, digests).
function Invoke-ExecBench {
    $project = Join-Path (Get-EcsAdminRepoRoot) 'tests/EcsAdmin.ExecTestServer/EcsAdmin.ExecTestServer.csproj'
    $out = & dotnet run --project $project -c Release -- --bench 8 2>&1
    $line = @($out | Where-Object { "$_" -like 'exec-bench:*' }) | Select-Object -Last 1
    if (-not $line) { throw "exec bench printed no result: $($out -join "`n")" }
    Write-Host ("bench: " + ("$line" -replace '^exec-bench:\s*', '' -replace '(\w+)=', 'exec_$1='))
}

if (-not $Only -or $Only -contains 'Exec') { Invoke-ExecBench }

# =====================================================================================================================
# Port forwarding on loopback (tests/EcsAdmin.ExecTestServer --port-bench): throughput of one connection and of 8 at
# once through a multiplexed port session, beside a direct loopback connection to the same server, and the added
# latency: the median round trip of a 1-byte echo through the forward minus the direct one.
function Invoke-PortForwardBench {
    $project = Join-Path (Get-EcsAdminRepoRoot) 'tests/EcsAdmin.ExecTestServer/EcsAdmin.ExecTestServer.csproj'
    $out = & dotnet run --project $project -c Release -- --port-bench 32 2>&1
    $line = @($out | Where-Object { "$_" -like 'port-bench:*' }) | Select-Object -Last 1
    if (-not $line) { throw "port-forward bench printed no result: $($out -join "`n")" }
    Write-Host ("bench: " + ("$line" -replace '^port-bench:\s*', '' -replace '(\w+)=', 'portforward_$1='))
}

# =====================================================================================================================
# Copy-EcsFile: a 50 MB file into a task and back out through the built module, against the exec test server (its
# sessions run this machine's sh, base64, dd and sha256sum on a pty) behind the recording proxy, which answers
# DescribeTasks with ECS's reply shape. MB/s of each direction, and the exec sessions used.
function Invoke-CopyBench {
    param([int] $Megabytes = 50)
    $moto = Start-MotoServer
    $snapshot = Set-FakeAwsEnvironment -EndpointUrl $moto.Url
    $server = Start-ExecTestServer -Upstream $moto.Url
    $proxy = Start-RecordingProxy -Upstream $server.Url
    $work = Join-Path ([IO.Path]::GetTempPath()) "ecsadmin-bench-copy-$PID"
    $null = New-Item -ItemType Directory -Path $work -Force
    try {
        $reply = '{"tasks":[{"taskArn":"arn:aws:ecs:us-east-1:123456789012:task/bench/copy01","clusterArn":"arn:aws:ecs:us-east-1:123456789012:cluster/bench",' +
            '"lastStatus":"RUNNING","containers":[{"name":"app","runtimeId":"copy01-1","lastStatus":"RUNNING"}]}],"failures":[]}'
        $proxy.AddReply('DescribeTasks', $reply, 2)
        $src = Join-Path $work 'src.bin'
        $bytes = [byte[]]::new($Megabytes * 1MB)
        [Random]::new(7).NextBytes($bytes)
        [IO.File]::WriteAllBytes($src, $bytes)
        $remote = Join-Path $work 'in-task.bin'
        $back = Join-Path $work 'back.bin'
        $command = @"
`$env:AWS_ENDPOINT_URL_ECS = '$($proxy.Url)'; `$env:AWS_ENDPOINT_URL_SSM = '$($proxy.Url)'
Import-Module '$psd1'
`$a = [Diagnostics.Stopwatch]::StartNew(); `$in = Copy-EcsFile -Cluster bench -Task copy01 -Path '$src' -Destination '$remote' -Confirm:`$false -ErrorAction Stop; `$a.Stop()
`$b = [Diagnostics.Stopwatch]::StartNew(); `$out = Copy-EcsFile -Cluster bench -Task copy01 -FromTask -Path '$remote' -Destination '$back' -Confirm:`$false -ErrorAction Stop; `$b.Stop()
"copy-bench: in_ms=`$([int]`$a.ElapsedMilliseconds) out_ms=`$([int]`$b.ElapsedMilliseconds) sessions=`$(`$in.Sessions + `$out.Sessions)"
"@
        $r = Invoke-FreshPwsh -Command $command
        $line = @($r.Output | Where-Object { "$_" -like 'copy-bench:*' }) | Select-Object -Last 1
        if (-not $line) { throw "copy bench printed no result: $($r.Output -join "`n")" }
        $same = (Get-FileHash $src).Hash -eq (Get-FileHash $back).Hash -and (Get-FileHash $src).Hash -eq (Get-FileHash $remote).Hash
        if (-not $same) { throw 'copy bench: the copies differ from the source' }
        $inMs = [int](("$line" -split 'in_ms=')[1] -split ' ')[0]
        $outMs = [int](("$line" -split 'out_ms=')[1] -split ' ')[0]
        $sessions = ("$line" -split 'sessions=')[1]
        Write-Host ("bench: copy_MB=$Megabytes copy_in_MBps={0:0.00} copy_out_MBps={1:0.00} copy_sessions=$sessions" -f ($Megabytes / ($inMs / 1000)), ($Megabytes / ($outMs / 1000)))
    } finally {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
        Stop-RecordingProxy $proxy
        Stop-ExecTestServer $server
        Restore-AwsEnvironment $snapshot
        Stop-MotoServer $moto
    }
}

if (-not $Only -or $Only -contains 'PortForward') { Invoke-PortForwardBench }
if (-not $Only -or $Only -contains 'Copy') { Invoke-CopyBench }

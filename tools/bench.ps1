#Requires -Version 7.2
<#
.SYNOPSIS
    Benchmarks of the built module (build.ps1 -Task Bench runs it). Each prints one `bench:` line of key=value.

.DESCRIPTION
    import: median of 7 runs of `pwsh -NoProfile -c "Import-Module <psd1>"` minus the median of 7 runs of
    `pwsh -NoProfile -c exit` (the import overhead in ms), and how many AWSSDK* assemblies are loaded after
    Import-Module alone (the design says 0: AWS code loads on first use).
#>
[CmdletBinding()]
param(
    [string] $ModulePath,
    [int] $Runs = 7
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
$baseline = Measure-Pwsh 'exit' $Runs
$withImport = Measure-Pwsh "Import-Module '$quoted'" $Runs
$overhead = [Math]::Round($withImport - $baseline, 0)

$probe = "Import-Module '$quoted'; @([System.Runtime.Loader.AssemblyLoadContext]::All | ForEach-Object { `$_.Assemblies } | Where-Object { `$_.GetName().Name -like 'AWSSDK*' }).Count"
$loaded = (& $exe @pre -NoProfile -NonInteractive -Command $probe | Select-Object -Last 1)
if ($LASTEXITCODE -ne 0) { throw "assembly probe exited with $LASTEXITCODE" }

Write-Host ("bench: import_overhead_ms={0} pwsh_start_ms={1} aws_assemblies_loaded_by_import={2}" -f $overhead, [Math]::Round($baseline, 0), "$loaded".Trim())

# =====================================================================================================================
# Service health (issue 5, owned by the observability work; separate from the import benchmark above).
# A 100-service cluster on moto: requests (counted by the recording proxy) and wall time of Get-EcsServiceHealth,
# against the request minimum of HealthRequestPlan (src/EcsAdmin.Engine/Operations/ObservabilityOperations.cs), and
# the AWS CLI doing the equivalent per service (describe-services, list-tasks STOPPED, get-metric-statistics for CPU
# and memory, describe-alarms-for-metric for CPU and memory) when `aws` is installed. The CLI runs for a sample of
# services (ECSADMIN_BENCH_CLI_SAMPLE, default 3: each CLI call starts Python, about 1.7 s here; 100 runs them all) and the time is extrapolated to 100.
# =====================================================================================================================
function Invoke-ServiceHealthBench {
    param([int] $Services = 100, [int] $CliSample = $(if ($env:ECSADMIN_BENCH_CLI_SAMPLE) { [int]$env:ECSADMIN_BENCH_CLI_SAMPLE } else { 3 }))

    function Invoke-MotoJson([string] $Url, [string] $Service, [string] $Operation, [hashtable] $Body) {
        $spec = @{ ecs = @('AmazonEC2ContainerServiceV20141113', 'application/x-amz-json-1.1'); monitoring = @('GraniteServiceVersion20100801', 'application/x-amz-json-1.0') }[$Service]
        $headers = @{ 'X-Amz-Target' = "$($spec[0]).$Operation"; 'Authorization' = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/$Service/aws4_request, SignedHeaders=host, Signature=0" }
        if ($Service -eq 'monitoring') { $headers['x-amzn-query-mode'] = 'true' }
        Invoke-RestMethod -Method Post -Uri $Url -Headers $headers -ContentType $spec[1] -Body ($Body | ConvertTo-Json -Depth 10 -Compress)
    }

    $moto = Start-MotoServer
    $proxy = Start-RecordingProxy -Upstream $moto.Url
    $envSnapshot = Set-FakeAwsEnvironment -EndpointUrl $proxy.Url
    try {
        $cluster = 'bench-health'
        $null = Invoke-MotoJson $moto.Url ecs CreateCluster @{ clusterName = $cluster }
        $null = Invoke-MotoJson $moto.Url ecs RegisterTaskDefinition @{ family = 'bench'; containerDefinitions = @(@{ name = 'app'; image = 'nginx'; memory = 128 }) }
        $names = 1..$Services | ForEach-Object { 'svc-{0:D3}' -f $_ }
        $ts = [DateTimeOffset]::UtcNow.AddMinutes(-2).ToUnixTimeSeconds()
        foreach ($n in $names) {
            $null = Invoke-MotoJson $moto.Url ecs CreateService @{ cluster = $cluster; serviceName = $n; taskDefinition = 'bench'; desiredCount = 0; launchType = 'EC2' }
            $null = Invoke-MotoJson $moto.Url monitoring PutMetricData @{ Namespace = 'AWS/ECS'; MetricData = @(
                    foreach ($m in 'CPUUtilization', 'MemoryUtilization') { @{ MetricName = $m; Value = (Get-Random -Minimum 5 -Maximum 60); Unit = 'Percent'; Timestamp = $ts
                            Dimensions = @(@{ Name = 'ClusterName'; Value = $cluster }, @{ Name = 'ServiceName'; Value = $n }) } }) }
        }

        Import-EcsAdminUnderTest
        $null = Get-EcsServiceHealth -Cluster $cluster -Service $names[0]   # warm: engine load, client cache
        $proxy.Clear()
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $health = @(Get-EcsServiceHealth -Cluster $cluster)
        $sw.Stop()
        $requests = @(Get-RecordedRequest -Proxy $proxy)
        $count = { param($op) @($requests | Where-Object Operation -eq $op).Count }
        # The minimum (HealthRequestPlan.Minimum): list pages as the server paged them, then the batch arithmetic.
        $ceil = { param($n, $per) if ($n -le 0) { 0 } else { [int][Math]::Ceiling($n / $per) } }
        $stopped = 0
        foreach ($r in @($requests | Where-Object Operation -eq 'DescribeTasks')) { $stopped += @(($r.Body | ConvertFrom-Json).tasks).Count }
        $alarmPages = & $count 'DescribeAlarms'
        $targetGroups = @(@(foreach ($x in $health) { foreach ($t in $x.TargetHealth) { $t.TargetGroupArn } }) | Sort-Object -Unique).Count   # none in this fixture
        $minimum = (& $count 'ListServices') + (& $ceil $health.Count 10) + $health.Count + (& $ceil $stopped 100) + (& $ceil (4 * $health.Count) 500) + [Math]::Max(1, $alarmPages) + $targetGroups
        $byOp = ($requests | Group-Object Operation | Sort-Object Name | ForEach-Object { "$($_.Name):$($_.Count)" }) -join ','
        Write-Host ("bench: health_services={0} health_requests={1} health_minimum={2} health_requests_equal_minimum={3} health_wall_ms={4} health_requests_by_op={5}" -f `
                $health.Count, $requests.Count, $minimum, ($requests.Count -eq $minimum), [Math]::Round($sw.Elapsed.TotalMilliseconds), $byOp)

        # Prefer the AWS CLI v2 (Debian's awscli package) over a v1 found earlier on PATH.
        $candidates = @(Get-Command aws -CommandType Application -All -ErrorAction SilentlyContinue)
        $aws = $candidates | Where-Object { "$(& $_.Source --version 2>&1)" -like 'aws-cli/2*' } | Select-Object -First 1
        if (-not $aws) { $aws = $candidates | Select-Object -First 1 }
        if (-not $aws) {
            Write-Host 'bench: health_aws_cli=skipped (aws is not installed; try: apt-get install -y awscli)'
            return
        }
        $version = (& $aws.Source --version 2>&1 | Select-Object -First 1)
        $sample = [Math]::Min($CliSample, $Services)
        $from = [DateTime]::UtcNow.AddMinutes(-15).ToString('o'); $to = [DateTime]::UtcNow.ToString('o')
        $common = @('--endpoint-url', $proxy.Url, '--region', 'us-east-1', '--output', 'json')
        $proxy.Clear()
        $sw = [Diagnostics.Stopwatch]::StartNew()
        foreach ($n in $names | Select-Object -First $sample) {
            $dims = "Name=ClusterName,Value=$cluster", "Name=ServiceName,Value=$n"
            $null = & $aws.Source ecs describe-services --cluster $cluster --services $n @common
            $null = & $aws.Source ecs list-tasks --cluster $cluster --service-name $n --desired-status STOPPED @common
            foreach ($m in 'CPUUtilization', 'MemoryUtilization') {
                $null = & $aws.Source cloudwatch get-metric-statistics --namespace AWS/ECS --metric-name $m --dimensions @dims --start-time $from --end-time $to --period 900 --statistics Average Maximum @common
                $null = & $aws.Source cloudwatch describe-alarms-for-metric --namespace AWS/ECS --metric-name $m --dimensions @dims @common
            }
        }
        $sw.Stop()
        $cliRequests = @(Get-RecordedRequest -Proxy $proxy).Count
        $perService = $sw.Elapsed.TotalMilliseconds / $sample
        Write-Host ("bench: health_aws_cli=""{0}"" cli_services_run={1} cli_requests={2} cli_wall_ms={3} cli_requests_for_{4}={5} cli_wall_ms_for_{4}_extrapolated={6}" -f `
                "$version".Trim(), $sample, $cliRequests, [Math]::Round($sw.Elapsed.TotalMilliseconds), $Services, [int]($cliRequests / $sample * $Services), [Math]::Round($perService * $Services))
    } finally {
        Restore-AwsEnvironment -Snapshot $envSnapshot
        Stop-RecordingProxy -Proxy $proxy
        Stop-MotoServer -Server $moto
    }
}

Invoke-ServiceHealthBench

# =====================================================================================================================
# First cmdlet call, Ctrl+C latency and the fault run (issues 7 and 8).
function Invoke-FirstCallAndFaultBench {
    $moto = Start-MotoServer
    $proxy = Start-RecordingProxy -Upstream $moto.Url
    $envSnapshot = Set-FakeAwsEnvironment -EndpointUrl $proxy.Url
    try {
        # First cmdlet call in a fresh pwsh: import + engine load + first request, beside the import alone.
        $first = Measure-Pwsh "Import-Module '$quoted'; `$null = Get-EcsCluster" $Runs
        Write-Host ("bench: first_call_ms={0} first_call_over_import_ms={1}" -f [Math]::Round($first - $baseline, 0), [Math]::Round($first - $withImport, 0))

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

Invoke-FirstCallAndFaultBench

# =====================================================================================================================
# Load (issue 8): Get-EcsService and Get-EcsServiceHealth over 1,000 services in 10 clusters on moto, in a fresh
# pwsh: wall time, peak working set, service clients created, and TCP connections the module opened to the endpoint.
function Invoke-LoadBench {
    param([int] $Clusters = 10, [int] $ServicesPerCluster = 100)
    $moto = Start-MotoServer
    $envSnapshot = Set-FakeAwsEnvironment -EndpointUrl $moto.Url
    try {
        Import-EcsAdminUnderTest
        Register-EcsTaskDefinition -Family load -Image busybox | Out-Null
        $headers = @{ 'X-Amz-Target' = 'AmazonEC2ContainerServiceV20141113.CreateService'; Authorization = 'AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=00' }
        $http = [System.Net.Http.HttpClient]::new()
        foreach ($c in 1..$Clusters) {
            New-EcsCluster -Name "load-$c" | Out-Null
            foreach ($s in 1..$ServicesPerCluster) {
                $body = "{""cluster"":""load-$c"",""serviceName"":""svc-$s"",""taskDefinition"":""load"",""desiredCount"":0,""launchType"":""EC2""}"
                $req = [System.Net.Http.HttpRequestMessage]::new('POST', $moto.Url)
                foreach ($h in $headers.GetEnumerator()) { $null = $req.Headers.TryAddWithoutValidation($h.Key, $h.Value) }
                $req.Content = [System.Net.Http.StringContent]::new($body, [Text.Encoding]::UTF8, 'application/x-amz-json-1.1')
                $null = $http.Send($req).EnsureSuccessStatusCode()
            }
        }
        $http.Dispose()
        $probe = @"
`$sw = [Diagnostics.Stopwatch]::StartNew()
`$services = @(Get-EcsService)
`$t1 = `$sw.Elapsed.TotalMilliseconds
`$health = @(Get-EcsCluster 'load-*' | Get-EcsServiceHealth)
`$t2 = `$sw.Elapsed.TotalMilliseconds - `$t1
`$engine = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'EcsAdmin' | ForEach-Object { `$_.Assemblies } | Where-Object { `$_.GetName().Name -eq 'EcsAdmin.Engine' }
`$clients = `$engine.GetType('EcsAdmin.Engine.Aws.SessionAwsApi').GetProperty('ClientsCreated').GetValue(`$null)
`$port = ([uri]'$($moto.Url)').Port
`$conns = @([System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties().GetActiveTcpConnections() | Where-Object { `$_.RemoteEndPoint.Port -eq `$port -and `$_.State -eq "Established" }).Count
`$peak = [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB
"RESULT services=`$(`$services.Count) service_ms=`$([Math]::Round(`$t1)) health=`$(`$health.Count) health_ms=`$([Math]::Round(`$t2)) peak_ws_mb=`$([Math]::Round(`$peak)) clients=`$clients tcp_connections=`$conns"
"@
        $r = Invoke-FreshPwsh -Command ("Import-Module '$quoted'; " + $probe)
        $line = ($r.Output | Where-Object { $_ -like 'RESULT*' }) -replace '^RESULT ', ''
        if (-not $line) { throw "load probe failed: $($r.Output -join "`n")" }
        Write-Host ("bench: load_clusters={0} load_services_created={1} {2}" -f $Clusters, ($Clusters * $ServicesPerCluster), ($line -replace '(\w+)=', 'load_$1='))
    } finally {
        Restore-AwsEnvironment -Snapshot $envSnapshot
        Stop-MotoServer -Server $moto
    }
}

Invoke-LoadBench

# =====================================================================================================================
# ECS Exec data channel (issue 6): time to first output and throughput on loopback, client against the exec test
# server (tests/EcsAdmin.ExecTestServer --bench), 8 MB through the full protocol (ack, ordering, digests).
function Invoke-ExecBench {
    $project = Join-Path (Get-EcsAdminRepoRoot) 'tests/EcsAdmin.ExecTestServer/EcsAdmin.ExecTestServer.csproj'
    $out = & dotnet run --project $project -c Release -- --bench 8 2>&1
    $line = @($out | Where-Object { "$_" -like 'exec-bench:*' }) | Select-Object -Last 1
    if (-not $line) { throw "exec bench printed no result: $($out -join "`n")" }
    Write-Host ("bench: " + ("$line" -replace '^exec-bench:\s*', '' -replace '(\w+)=', 'exec_$1='))
}

Invoke-ExecBench

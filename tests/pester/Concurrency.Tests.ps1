# Reads across piped clusters: clusters read concurrently within -ThrottleLimit (shown by request intervals that
# overlap at the proxy, never by durations), complete and ordered results, one failing cluster reported while the
# others still emit, Ctrl+C that returns while requests are still held; and the recording proxy's replay mode that
# the load bench is judged on.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Backend = Start-EcsAdminTestBackend
    $script:Moto = $script:Backend.Moto; $script:Proxy = $script:Backend.Proxy; $script:Env = $script:Backend.Environment

    # Straight into moto (not through the proxy), so the fixtures leave no requests and no recorded replies behind.
    function Invoke-Moto([string] $Operation, [hashtable] $Body) {
        $headers = @{
            'X-Amz-Target' = "AmazonEC2ContainerServiceV20141113.$Operation"
            Authorization  = 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=00'
        }
        Invoke-RestMethod -Method Post -Uri $script:Moto.Url -Headers $headers -ContentType 'application/x-amz-json-1.1' -Body ($Body | ConvertTo-Json -Depth 8 -Compress)
    }

    # The largest number of the requests whose spans [Time, Completed] hold one instant in common.
    function Get-MaxOverlap([object[]] $Requests) {
        $events = foreach ($r in $Requests) { [pscustomobject]@{ At = $r.Time; Step = 1 }; [pscustomobject]@{ At = $r.Completed; Step = -1 } }
        $now = 0; $max = 0
        foreach ($e in ($events | Sort-Object At, Step)) { $now += $e.Step; if ($now -gt $max) { $max = $now } }
        $max
    }

    $null = Invoke-Moto RegisterTaskDefinition @{ family = 'conc'; containerDefinitions = @(@{ name = 'app'; image = 'nginx'; memory = 128 }) }
    foreach ($i in 1..4) {
        $null = Invoke-Moto CreateCluster @{ clusterName = "conc-$i" }
        foreach ($s in 'a', 'b') {
            $null = Invoke-Moto CreateService @{ cluster = "conc-$i"; serviceName = "svc-$i$s"; taskDefinition = 'conc'; desiredCount = 0; launchType = 'EC2' }
        }
    }
}

AfterAll {
    if ($script:Proxy) { $script:Proxy.Mode = 'Off'; $script:Proxy.ClearFaults() }
    Stop-EcsAdminTestBackend -Backend $script:Backend
}

Describe 'Clusters piped into a read' {
    BeforeEach {
        $script:Proxy.ClearFaults()
        $script:Proxy.Mode = 'Off'
        $script:Proxy.Clear()
    }

    It 'Get-EcsService reads piped clusters at the same time, at most -ThrottleLimit, and writes all in cluster order' {
        # Each listing is held long enough that clusters read at the same time are seen at the proxy together.
        $script:Proxy.AddFault('ListServices', 0, $null, $null, -1, 400)
        $services = @(Get-EcsCluster 'conc-*' | Sort-Object Cluster | Get-EcsService -ThrottleLimit 2 -ErrorAction Stop)
        $services.Service | Should -Be @('svc-1a', 'svc-1b', 'svc-2a', 'svc-2b', 'svc-3a', 'svc-3b', 'svc-4a', 'svc-4b')
        $listings = $script:Proxy.GetRequests('ListServices')
        $listings.Count | Should -Be 4
        Get-MaxOverlap $listings | Should -Be 2

        $script:Proxy.Clear()
        $all = @(Get-EcsCluster 'conc-*' | Get-EcsService -ErrorAction Stop)
        $all.Count | Should -Be 8
        Get-MaxOverlap $script:Proxy.GetRequests('ListServices') | Should -Be 4
    }

    It 'Get-EcsServiceHealth reads the clusters of one region at the same time, at most -ThrottleLimit' {
        $script:Proxy.AddFault('ListServices', 0, $null, $null, -1, 400)
        $health = @(Get-EcsCluster 'conc-*' | Get-EcsServiceHealth -ThrottleLimit 3 -ErrorAction Stop)
        ($health.Service | Sort-Object) | Should -Be @('svc-1a', 'svc-1b', 'svc-2a', 'svc-2b', 'svc-3a', 'svc-3b', 'svc-4a', 'svc-4b')
        $listings = $script:Proxy.GetRequests('ListServices')
        $listings.Count | Should -Be 4
        Get-MaxOverlap $listings | Should -Be 3
    }

    It 'reports a cluster that does not exist and still writes the services of the others' {
        $piped = 'conc-1', 'gone', 'conc-2' | ForEach-Object { [pscustomobject]@{ Cluster = $_ } }
        $services = @($piped | Get-EcsService -ErrorVariable errs -ErrorAction SilentlyContinue)
        $services.Service | Should -Be @('svc-1a', 'svc-1b', 'svc-2a', 'svc-2b')
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ClusterNotFound*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be 'gone'
        $errs[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty

        $health = @($piped | Get-EcsServiceHealth -ErrorVariable herrs -ErrorAction SilentlyContinue)
        ($health.Service | Sort-Object) | Should -Be @('svc-1a', 'svc-1b', 'svc-2a', 'svc-2b')
        $herrs.Count | Should -Be 1
        $herrs[0].FullyQualifiedErrorId | Should -BeLike 'ClusterNotFound*'
    }

    It 'reads a long piped input in steps of 100 items instead of holding all of it until the input ends' {
        # Counted from inside the upstream command, just before it writes items 101 and 201: by then the reads of
        # the first hundred (and then two hundred) names have been sent, ten DescribeServices per hundred.
        $proxy = $script:Proxy
        $seen = [System.Collections.Generic.List[int]]::new()
        $services = @(1..250 | ForEach-Object {
                if ($_ -in 101, 201) { $seen.Add($proxy.Count('DescribeServices')) }
                if ($_ -eq 1) { 'svc-1a' } elseif ($_ -eq 150) { 'svc-1b' } else { "none-$_" }
            } | Get-EcsService -Cluster conc-1 -ErrorVariable errs -ErrorAction SilentlyContinue)
        $services.Service | Should -Be @('svc-1a', 'svc-1b')
        $errs.Count | Should -Be 248
        @($seen) | Should -Be @(10, 20)
        $proxy.Count('DescribeServices') | Should -Be 25
    }

    It 'stops at Ctrl+C while the piped clusters are still being read, and sends nothing more' {
        # Every listing is held 5 s: Stop() returns while they are still held, so it did not wait for their replies;
        # when the replies do come, the stopped command asks for nothing more (no DescribeServices, no third listing).
        $script:Proxy.AddFault('ListServices', 0, $null, $null, -1, 5000)
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$((Get-EcsAdminModulePath).Replace("'", "''"))'; Get-EcsCluster 'conc-*' | Get-EcsService -ThrottleLimit 2")
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ($script:Proxy.Count('ListServices') -lt 2 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            $script:Proxy.Count('ListServices') | Should -Be 2
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $script:Proxy.InFlight | Should -BeGreaterOrEqual 1
            $script:Proxy.WaitIdle(30000) | Should -BeTrue
            Start-Sleep -Milliseconds 300
            $script:Proxy.Count('ListServices') | Should -Be 2
            $script:Proxy.Count('DescribeServices') | Should -Be 0
        } finally {
            $script:Proxy.ClearFaults()
            $ps.Dispose()
        }
    }
}

Describe 'The recording proxy in replay mode' {
    BeforeEach {
        $script:Proxy.ClearFaults()
        $script:Proxy.ClearRecordedReplies()
        $script:Proxy.Clear()
    }
    AfterEach { $script:Proxy.Mode = 'Off' }

    It 'answers a run from the replies recorded in the same run, without asking the upstream' {
        $script:Proxy.Mode = 'Record'
        $live = @(Get-EcsService -Cluster conc-3 -ErrorAction Stop)
        $recorded = @($script:Proxy.Requests)
        $recorded.Count | Should -BeGreaterThan 1
        $script:Proxy.RecordedReplyCount | Should -Be $recorded.Count

        # The upstream changes; the replay still shows what was recorded, so nothing reached the upstream.
        $null = Invoke-Moto DeleteService @{ cluster = 'conc-3'; service = 'svc-3b'; force = $true }
        $script:Proxy.Mode = 'Replay'
        $script:Proxy.Clear()
        $script:Proxy.AddFault('*', 0, $null, $null, -1, 50)
        $replayed = @(Get-EcsService -Cluster conc-3 -ErrorAction Stop)
        $replayed.Service | Should -Be $live.Service
        $replayed.Service | Should -Contain 'svc-3b'
        $requests = @($script:Proxy.Requests)
        ($requests.Operation -join ',') | Should -Be ($recorded.Operation -join ',')
        @($requests | Where-Object { -not $_.Replayed }).Count | Should -Be 0
        $script:Proxy.ReplayMisses.Count | Should -Be 0

        $script:Proxy.Mode = 'Off'
        (Get-EcsService -Cluster conc-3 -ErrorAction Stop).Service | Should -Not -Contain 'svc-3b'
    }

    It 'fails loudly on a request that was not recorded' {
        $script:Proxy.Mode = 'Record'
        $null = Get-EcsService -Cluster conc-1 -ErrorAction Stop
        $script:Proxy.Mode = 'Replay'
        $script:Proxy.Clear()
        { Get-EcsService -Cluster conc-2 -ErrorAction Stop } | Should -Throw '*ReplayMiss*'
        $misses = @($script:Proxy.ReplayMisses)
        $misses.Count | Should -Be 1
        $misses[0].Operation | Should -Be 'ListServices'
        $misses[0].StatusCode | Should -Be 400
    }

    It 'keys a reply on the operation and the body, leaving out the clock-derived time range' {
        $a = $script:Proxy.ReplayKey('GraniteServiceVersion20100801.GetMetricData', 'GetMetricData', '/', '{"StartTime":1700000000,"EndTime":1700000900,"MetricDataQueries":[1]}')
        $b = $script:Proxy.ReplayKey('GraniteServiceVersion20100801.GetMetricData', 'GetMetricData', '/', '{"StartTime":1700000060,"EndTime":1700000960,"MetricDataQueries":[1]}')
        $c = $script:Proxy.ReplayKey('GraniteServiceVersion20100801.GetMetricData', 'GetMetricData', '/', '{"StartTime":1700000060,"EndTime":1700000960,"MetricDataQueries":[2]}')
        $d = $script:Proxy.ReplayKey('AmazonEC2ContainerServiceV20141113.ListTasks', 'ListTasks', '/', '{"StartTime":1700000060,"EndTime":1700000960,"MetricDataQueries":[1]}')
        $a | Should -Be $b
        $c | Should -Not -Be $b
        $d | Should -Not -Be $b
    }
}

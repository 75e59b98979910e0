# Reliability under faults: 30% throttling and 10% 5xx injected in front of moto; reads return what they
# return without faults, creates are applied once, and attempts stay within the retry configuration.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Backend = Start-EcsAdminTestBackend
    $script:Moto = $script:Backend.Moto; $script:Proxy = $script:Backend.Proxy; $script:Env = $script:Backend.Environment

    function Invoke-Workload {
        param([string] $Prefix)
        $created = @()
        $created += 1..4 | ForEach-Object { New-EcsCluster -Name "$Prefix-$_" -CapacityProvider FARGATE }
        $created += 1..4 | ForEach-Object { Register-EcsTaskDefinition -Family "$Prefix-td" -Image "img:$_" }
        $reads = [ordered]@{
            Clusters  = (Get-EcsCluster "$Prefix-*" | Sort-Object Cluster | ForEach-Object { "$($_.Cluster)|$($_.Status)|$($_.CapacityProviders -join ',')" }) -join ';'
            Latest    = (Get-EcsTaskDefinition "$Prefix-td").FamilyRevision
            Revisions = ((Get-EcsTaskDefinition -Family "$Prefix-td" -AllRevisions).Revision | Sort-Object) -join ','
            Families  = ((Get-EcsTaskDefinition -ListFamilies).Family | Where-Object { $_ -like "$Prefix-*" }) -join ','
        }
        # Services as fixtures, created straight on moto (EC2 launch type needs no network there); then the
        # service, task, health and alarm reads go through the faulty path like the rest.
        foreach ($name in 'api', 'web') {
            $body = @{ cluster = "$Prefix-1"; serviceName = $name; taskDefinition = "$Prefix-td"; desiredCount = 0; launchType = 'EC2' } | ConvertTo-Json
            $null = Invoke-RestMethod -Method Post -Uri $script:Moto.Url -Body $body -ContentType 'application/x-amz-json-1.1' -Headers @{
                'X-Amz-Target' = 'AmazonEC2ContainerServiceV20141113.CreateService'
                Authorization  = 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=00'
            }
        }
        $reads.Services = (Get-EcsService -Cluster "$Prefix-1" | Sort-Object Service | ForEach-Object { "$($_.Service)|$($_.Status)|$($_.DesiredCount)" }) -join ';'
        $reads.Health = (Get-EcsServiceHealth -Cluster "$Prefix-1" | Sort-Object Service | ForEach-Object { "$($_.Service)|$($_.Status)|$($_.RunningCount)/$($_.DesiredCount)" }) -join ';'
        $reads.Tasks = @(Get-EcsTask -Cluster "$Prefix-1").Count
        $reads.Alarms = @(Get-EcsServiceAlarm -Cluster "$Prefix-1").Count
        [pscustomobject]@{ Created = $created.Count; Reads = $reads }
    }
}

AfterAll {
    Stop-EcsAdminTestBackend -Backend $script:Backend
}

Describe 'Throttling and server errors' {
    BeforeAll {
        $script:Proxy.ClearFaults()
        $script:Clean = Invoke-Workload -Prefix clean
        $script:Proxy.Clear()
        $script:Proxy.SetFaultPattern(10, [int[]](0, 3, 6), [int[]](9))
        $script:Faulty = Invoke-Workload -Prefix faulty
        $script:Proxy.ClearFaults()
        $script:Requests = $script:Proxy.Requests | Where-Object Operation
    }

    It 'injected the faults it claims (30% throttling, 10% 5xx)' {
        $total = $script:Requests.Count
        $throttled = @($script:Requests | Where-Object { $_.Faulted -and $_.StatusCode -eq 400 }).Count
        $server = @($script:Requests | Where-Object { $_.Faulted -and $_.StatusCode -eq 503 }).Count
        $total | Should -BeGreaterThan 20
        [math]::Round($throttled / $total, 1) | Should -Be 0.3
        [math]::Round($server / $total, 1) | Should -Be 0.1
    }

    It 'every read returns what it returns without faults' {
        $script:Faulty.Reads.Clusters | Should -Be ($script:Clean.Reads.Clusters -replace 'clean', 'faulty')
        $script:Faulty.Reads.Latest | Should -Be ($script:Clean.Reads.Latest -replace 'clean', 'faulty')
        $script:Faulty.Reads.Revisions | Should -Be $script:Clean.Reads.Revisions
        $script:Faulty.Reads.Families | Should -Be ($script:Clean.Reads.Families -replace 'clean', 'faulty')
        $script:Faulty.Reads.Services | Should -Be $script:Clean.Reads.Services
        $script:Faulty.Reads.Services | Should -Match 'api\|ACTIVE\|0;web\|ACTIVE\|0'
        $script:Faulty.Reads.Health | Should -Be $script:Clean.Reads.Health
        $script:Faulty.Reads.Tasks | Should -Be $script:Clean.Reads.Tasks
        $script:Faulty.Reads.Alarms | Should -Be $script:Clean.Reads.Alarms
    }

    It 'every create was applied exactly once' {
        $script:Faulty.Created | Should -Be 8
        @($script:Requests | Where-Object { $_.Operation -eq 'RegisterTaskDefinition' -and -not $_.Faulted }).Count | Should -Be 4
        @($script:Requests | Where-Object { $_.Operation -eq 'CreateCluster' -and -not $_.Faulted }).Count | Should -Be 4
    }

    It 'no call needed more attempts than the standard retry mode allows (3)' {
        # Requests are sequential: a call is a run of faulted attempts ended by one that was forwarded.
        $run = 0; $max = 0
        foreach ($r in $script:Requests) {
            $run++
            if (-not $r.Faulted) { $max = [math]::Max($max, $run); $run = 0 }
        }
        $max | Should -BeLessOrEqual 3
        $max | Should -BeGreaterThan 1
    }

    It 'dropped connections and replies cut off half way are retried: the same results, nothing applied twice' {
        Add-CachedType -Name TcpFaultProxy -TypeName 'EcsAdminTest.TcpFaultProxy' -Source (Get-Content -LiteralPath (Join-Path $PSScriptRoot 'TcpFaultProxy.cs') -Raw)
        $tcp = [EcsAdminTest.TcpFaultProxy]::new($script:Moto.Url)
        $saved = $env:AWS_ENDPOINT_URL
        try {
            $env:AWS_ENDPOINT_URL = $tcp.Url
            $tcp.Period = 5; $tcp.ResetSlots = [int[]](1); $tcp.TruncateSlots = [int[]](3)
            $net = Invoke-Workload -Prefix network
            $tcp.Period = 0
            $tcp.Resets | Should -BeGreaterThan 0
            $tcp.Truncations | Should -BeGreaterThan 0
            $net.Reads.Clusters | Should -Be ($script:Clean.Reads.Clusters -replace 'clean', 'network')
            $net.Reads.Revisions | Should -Be $script:Clean.Reads.Revisions
            $net.Reads.Services | Should -Be $script:Clean.Reads.Services
            $net.Reads.Health | Should -Be $script:Clean.Reads.Health
            @($tcp.Forwarded | Where-Object { $_ -eq 'RegisterTaskDefinition' }).Count | Should -Be 4
            @($tcp.Forwarded | Where-Object { $_ -eq 'CreateCluster' }).Count | Should -Be 4
        } finally {
            $env:AWS_ENDPOINT_URL = $saved
            $tcp.Dispose()
        }
    }

    It 'a call that keeps failing stops after the configured attempts with a typed error' {
        $script:Proxy.AddFault('ListClusters', 400, 'ThrottlingException', 'always throttled', -1, 0)
        try {
            $script:Proxy.Clear()
            $err = $null
            try { Get-EcsCluster -ErrorAction Stop } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -BeLike 'Aws.ThrottlingException*'
            $err.CategoryInfo.Category | Should -Be 'LimitsExceeded'
            $script:Proxy.Count('ListClusters') | Should -Be 3
            Connect-EcsSession -MaxAttempts 5
            $script:Proxy.Clear()
            try { Get-EcsCluster -ErrorAction Stop } catch { }
            $script:Proxy.Count('ListClusters') | Should -Be 5
        } finally {
            Disconnect-EcsSession
            $script:Proxy.ClearFaults()
        }
    }
}

# A wire that never lies. Error replies shaped as AWS sends them, network faults, and a downstream stop.
Describe 'The wire never lies' {
    BeforeAll {
        Add-CachedType -Name TcpFaultProxy -TypeName 'EcsAdminTest.TcpFaultProxy' -Source (Get-Content -LiteralPath (Join-Path $PSScriptRoot 'TcpFaultProxy.cs') -Raw)
        function Invoke-ThroughTcpFaults {
            param([scriptblock] $Arrange, [scriptblock] $Act, [string] $Upstream = $script:Moto.Url)
            $tcp = [EcsAdminTest.TcpFaultProxy]::new($Upstream)
            $saved = $env:AWS_ENDPOINT_URL
            try {
                $env:AWS_ENDPOINT_URL = $tcp.Url
                & $Arrange $tcp
                & $Act $tcp
            } finally {
                $env:AWS_ENDPOINT_URL = $saved
                Disconnect-EcsSession
                $tcp.Dispose()
            }
        }
    }
    BeforeEach { $script:Proxy.ClearFaults(); $script:Proxy.Clear() }
    AfterEach { $script:Proxy.ClearFaults() }

    It 'a throttle named only in the reply body is retried' {
        $script:Proxy.AddBodyOnlyFault('ListClusters', 400, 'ThrottlingException', 'Rate exceeded', 2)
        { Get-EcsCluster -ErrorAction Stop } | Should -Not -Throw
        $script:Proxy.Count('ListClusters') | Should -Be 3
    }

    It 'an error shows AWS''s own message after our context and names the resource as its target' {
        $script:Proxy.AddBodyOnlyFault('DescribeClusters', 400, 'AccessDeniedException',
            'User: arn:aws:iam::123456789012:user/ops is not authorized to perform: ecs:DescribeClusters', 1)
        $err = $null
        try { Get-EcsCluster -Name wire-prod -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.Exception.Message | Should -Match 'ECS DescribeClusters for cluster ''wire-prod'' failed: User: arn:aws:iam::123456789012:user/ops is not authorized to perform: ecs:DescribeClusters'
        $err.TargetObject | Should -Be 'wire-prod'
        $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err.FullyQualifiedErrorId | Should -BeLike 'Aws.AccessDeniedException*'
    }

    It 'an empty 200 reply is an error, retried like a transport fault, never an empty list' {
        $script:Proxy.AddEmptyReply('ListClusters', -1)
        $err = $null; $out = $null
        try { $out = Get-EcsCluster -ErrorAction Stop } catch { $err = $_ }
        $out | Should -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'Aws.BadReply*'
        $err.CategoryInfo.Category | Should -Be 'InvalidResult'
        $script:Proxy.Count('ListClusters') | Should -Be 3
    }

    It 'a connection reset with -MaxAttempts 1 is exactly one attempt' {
        Invoke-ThroughTcpFaults -Arrange { param($tcp) $tcp.Period = 1; $tcp.ResetSlots = [int[]](0); Connect-EcsSession -MaxAttempts 1 } -Act {
            param($tcp)
            $err = $null
            try { Get-EcsCluster -ErrorAction Stop } catch { $err = $_ }
            $err | Should -Not -BeNullOrEmpty
            $err.CategoryInfo.Category | Should -Be 'ConnectionError'
            Start-Sleep -Milliseconds 300
            $tcp.Resets | Should -Be 1
        }
    }

    It 'a create whose reply is lost leaves exactly one resource' {
        Invoke-ThroughTcpFaults -Arrange { param($tcp) $tcp.LoseReplyTo = 'RegisterTaskDefinition' } -Act {
            param($tcp)
            $td = Register-EcsTaskDefinition -Family wire-lost-reply -Image 'nginx:1.27' -ErrorAction Stop
            $tcp.LostReplies | Should -Be 1
            @($tcp.Forwarded | Where-Object { $_ -eq 'RegisterTaskDefinition' }).Count | Should -Be 1
            $td.Revision | Should -Be 1
            @(Get-EcsTaskDefinition -Family wire-lost-reply -AllRevisions).Count | Should -Be 1
        }
    }

    It 'a create whose reply is lost and cannot be checked is a clear unknown-outcome error, sent once' {
        # client -> TCP fault proxy (loses the reply) -> recording proxy (refuses the check) -> moto
        Invoke-ThroughTcpFaults -Upstream $script:Proxy.Url -Arrange {
            param($tcp)
            $tcp.LoseReplyTo = 'RegisterTaskDefinition'
            Connect-EcsSession -MaxAttempts 1
        } -Act {
            param($tcp)
            $script:Proxy.Clear()
            $err = $null
            # The check after the lost reply is a DescribeTaskDefinition: it is refused here, so the outcome stays unknown.
            $script:Proxy.AddFault('DescribeTaskDefinition', 400, 'AccessDeniedException', 'not allowed to describe', -1, 0)
            try { Register-EcsTaskDefinition -Family wire-unknown -Image 'nginx:1.27' -ErrorAction Stop } catch { $err = $_ }
            $err | Should -Not -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -BeLike 'Aws.OutcomeUnknown*'
            $err.TargetObject | Should -Be 'wire-unknown'
            $err.Exception.Message | Should -Match 'reply was lost'
            $err.ErrorDetails.RecommendedAction | Should -Match 'Get-EcsTaskDefinition wire-unknown'
            @($tcp.Forwarded | Where-Object { $_ -eq 'RegisterTaskDefinition' }).Count | Should -Be 1
        }
    }

    It 'a downstream stop cancels the operation: nothing is sent after the pipeline returns' {
        1..8 | ForEach-Object { Register-EcsTaskDefinition -Family wire-stop-early -Image "img:$_" } | Out-Null
        $script:Proxy.Clear()
        $first = Get-EcsTaskDefinition -Family wire-stop-early -AllRevisions | Select-Object -First 1
        $first | Should -Not -BeNullOrEmpty
        # Requests already on their way when the pipeline returned have landed by now; none may follow.
        Start-Sleep -Milliseconds 500
        $after = $script:Proxy.Requests.Count
        Start-Sleep -Seconds 2
        $script:Proxy.Requests.Count | Should -Be $after
        @($script:Proxy.GetRequests('DescribeTaskDefinition')).Count | Should -BeLessThan 8
    }
}

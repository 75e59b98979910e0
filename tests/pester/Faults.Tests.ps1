# Reliability under faults: 30% throttling and 10% 5xx injected in front of moto; reads return what they
# return without faults, creates are applied once, and attempts stay within the retry configuration.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Proxy = Start-RecordingProxy -Upstream $script:Moto.Url
    $script:Env = Set-FakeAwsEnvironment -EndpointUrl $script:Proxy.Url
    Import-EcsAdminUnderTest

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
    if ($script:Env) { Restore-AwsEnvironment -Snapshot $script:Env }
    Stop-RecordingProxy -Proxy $script:Proxy
    Stop-MotoServer -Server $script:Moto
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
        if (-not ('EcsAdminTest.TcpFaultProxy' -as [type])) { Add-Type -Path (Join-Path $PSScriptRoot 'TcpFaultProxy.cs') }
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

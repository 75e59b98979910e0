# Self-tests of the Pester infrastructure: moto_server lifecycle, the fake AWS environment, and the recording /
# fault-injecting proxy. They use raw HTTP (no module code), so they pass or fail on the helpers alone.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Proxy = Start-RecordingProxy -Upstream $Moto

    function Invoke-Ecs([string] $Url, [string] $Operation, [string] $Body = '{}') {
        $headers = @{
            'X-Amz-Target'  = "AmazonEC2ContainerServiceV20141113.$Operation"
            'Authorization' = 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0'
        }
        Invoke-RestMethod -Method Post -Uri $Url -Headers $headers -ContentType 'application/x-amz-json-1.1' -Body $Body
    }
}

AfterAll {
    Stop-RecordingProxy $Proxy
    Stop-MotoServer $Moto
}

Describe 'moto_server helpers' {
    It 'starts moto on a loopback port and answers /moto-api/' {
        $Moto.Url | Should -Match '^http://127\.0\.0\.1:\d+$'
        $Moto.Process.HasExited | Should -BeFalse
        (Invoke-WebRequest -Uri "$($Moto.Url)/moto-api/" -TimeoutSec 10).StatusCode | Should -Be 200
    }

    It 'resets moto state' {
        $null = Invoke-Ecs $Moto.Url 'CreateCluster' '{"clusterName":"reset-me"}'
        @((Invoke-Ecs $Moto.Url 'ListClusters').clusterArns).Count | Should -BeGreaterThan 0
        Reset-MotoServer $Moto
        @((Invoke-Ecs $Moto.Url 'ListClusters').clusterArns).Count | Should -Be 0
    }

    It 'stops a server and is safe to call twice or with $null' {
        $m = Start-MotoServer -Dedicated
        $m.Shared | Should -BeFalse
        Stop-MotoServer $m
        $m.Process.HasExited | Should -BeTrue
        { Stop-MotoServer $m; Stop-MotoServer $null } | Should -Not -Throw
    }
}

Describe 'One moto per run (the shared instance)' {
    BeforeAll {
        # The runner's own shared moto may be lent to this file: set its variables aside and share anew here.
        $script:SavedShared = @{}
        foreach ($n in 'EcsAdminTestMotoOwner', 'EcsAdminTestMotoUrl', 'EcsAdminTestMotoPid', 'EcsAdminTestMotoLent') {
            $script:SavedShared[$n] = [Environment]::GetEnvironmentVariable($n)
            [Environment]::SetEnvironmentVariable($n, $null)
        }
        Enable-SharedMotoServer
    }
    AfterAll {
        Stop-SharedMotoServer
        foreach ($n in $script:SavedShared.Keys) { [Environment]::SetEnvironmentVariable($n, $script:SavedShared[$n]) }
    }

    It 'lends one moto to successive callers, reset each time, and Stop-MotoServer leaves it running' {
        $a = Start-MotoServer
        $a.Shared | Should -BeTrue
        $null = Invoke-Ecs $a.Url 'CreateCluster' '{"clusterName":"left-behind"}'
        Stop-MotoServer $a
        $a.Process.HasExited | Should -BeFalse
        $b = Start-MotoServer
        try {
            $b.Url | Should -Be $a.Url
            $b.Process.Id | Should -Be $a.Process.Id
            @((Invoke-Ecs $b.Url 'ListClusters').clusterArns).Count | Should -Be 0
        } finally { Stop-MotoServer $b }
    }

    It 'starts a moto of its own while the shared one is lent out, and stops that one for good' {
        $lent = Start-MotoServer
        $second = Start-MotoServer
        try {
            $lent.Shared | Should -BeTrue
            $second.Shared | Should -BeFalse
            $second.Url | Should -Not -Be $lent.Url
        } finally {
            Stop-MotoServer $second
            Stop-MotoServer $lent
        }
        $second.Process.HasExited | Should -BeTrue
        $lent.Process.HasExited | Should -BeFalse
    }

    It 'starts a moto of its own when a MOTO_* setting is set, and that moto honours the setting' {
        $env:MOTO_ECS_SERVICE_RUNNING = '2'
        try {
            $own = Start-MotoServer
            try {
                $own.Shared | Should -BeFalse
                $null = Invoke-Ecs $own.Url 'CreateCluster' '{"clusterName":"c"}'
                $null = Invoke-Ecs $own.Url 'RegisterTaskDefinition' '{"family":"f","containerDefinitions":[{"name":"a","image":"x","memory":128}]}'
                $svc = (Invoke-Ecs $own.Url 'CreateService' '{"cluster":"c","serviceName":"s","taskDefinition":"f","desiredCount":2}').service
                $svc.runningCount | Should -Be 2
            } finally { Stop-MotoServer $own }
        } finally { Remove-Item Env:MOTO_ECS_SERVICE_RUNNING }
        $own.Process.HasExited | Should -BeTrue
    }

    It 'is not shared with another process (a fresh pwsh inherits the variables but is not the owner)' {
        $owner = $env:EcsAdminTestMotoOwner
        $env:EcsAdminTestMotoOwner = [string] ($PID + 1)
        try {
            $other = Start-MotoServer
            try { $other.Shared | Should -BeFalse } finally { Stop-MotoServer $other }
        } finally { $env:EcsAdminTestMotoOwner = $owner }
    }

    It 'is stopped by Stop-SharedMotoServer, which turns sharing off' {
        $shared = Start-MotoServer
        Stop-MotoServer $shared
        $shared.Shared | Should -BeTrue
        Stop-SharedMotoServer
        $shared.Process.HasExited | Should -BeTrue
        $env:EcsAdminTestMotoOwner | Should -BeNullOrEmpty
        $env:EcsAdminTestMotoUrl | Should -BeNullOrEmpty
    }
}

Describe 'One backend per file (Start-EcsAdminTestBackend)' {
    It 'starts moto with its MOTO_* settings, the proxy in front of it and the fake environment, imports the module, and Stop undoes it all' {
        $endpointBefore = $env:AWS_ENDPOINT_URL
        $keyBefore = $env:AWS_ACCESS_KEY_ID
        $runningBefore = $env:MOTO_ECS_SERVICE_RUNNING
        $b = Start-EcsAdminTestBackend -MotoSetting @{ MOTO_ECS_SERVICE_RUNNING = '2' }
        try {
            $env:MOTO_ECS_SERVICE_RUNNING | Should -Be $runningBefore -Because 'the setting is only for the moto it starts'
            $b.Moto.Shared | Should -BeFalse -Because 'a moto with its own settings is a process of its own'
            $b.Proxy.Upstream | Should -Be $b.Moto.Url
            $b.Url | Should -Be $b.Proxy.Url
            $env:AWS_ENDPOINT_URL | Should -Be $b.Proxy.Url
            $env:AWS_ACCESS_KEY_ID | Should -Be 'AKIAIOSFODNN7EXAMPLE'
            $env:AWS_CONFIG_FILE | Should -Be $b.Environment.ConfigFile
            Get-Module EcsAdmin | Should -Not -BeNullOrEmpty
            $null = Invoke-Ecs $b.Url 'CreateCluster' '{"clusterName":"c"}'
            $null = Invoke-Ecs $b.Url 'RegisterTaskDefinition' '{"family":"f","containerDefinitions":[{"name":"a","image":"x","memory":128}]}'
            (Invoke-Ecs $b.Url 'CreateService' '{"cluster":"c","serviceName":"s","taskDefinition":"f","desiredCount":2}').service.runningCount | Should -Be 2
            $b.Proxy.Count('CreateService') | Should -Be 1
            $directory = $b.Environment.Directory
        } finally {
            Stop-EcsAdminTestBackend -Backend $b
        }
        $b.Proxy.IsRunning | Should -BeFalse
        $b.Moto.Process.HasExited | Should -BeTrue
        $env:AWS_ENDPOINT_URL | Should -Be $endpointBefore
        $env:AWS_ACCESS_KEY_ID | Should -Be $keyBefore
        Test-Path -LiteralPath $directory | Should -BeFalse
        { Stop-EcsAdminTestBackend -Backend $b; Stop-EcsAdminTestBackend $null } | Should -Not -Throw
    }
}

Describe 'Exec test server helpers' {
    It 'starts the built server from its dll (no dotnet run), answering on a loopback URL, and stops it' {
        $dll = Get-ExecTestServerPath
        $dll | Should -BeLike '*EcsAdmin.ExecTestServer.dll'
        Test-Path -LiteralPath $dll | Should -BeTrue
        $server = Start-ExecTestServer -Upstream $Moto.Url
        try {
            $server.Url | Should -Match '^http://127\.0\.0\.1:\d+$'
            $server.Process.StartInfo.ArgumentList[0] | Should -Be $dll
        } finally {
            Stop-ExecTestServer $server
        }
        $server.Process.HasExited | Should -BeTrue
    }
}

Describe 'Set-FakeAwsEnvironment' {
    It 'sets fake keys, region and endpoint, hides ~/.aws, and restores everything' {
        $before = $env:AWS_REGION
        $snap = Set-FakeAwsEnvironment -EndpointUrl $Moto.Url -Region 'eu-west-3'
        try {
            $env:AWS_ACCESS_KEY_ID | Should -Be 'AKIAIOSFODNN7EXAMPLE'
            $env:AWS_SECRET_ACCESS_KEY | Should -Not -BeNullOrEmpty
            $env:AWS_REGION | Should -Be 'eu-west-3'
            $env:AWS_ENDPOINT_URL | Should -Be $Moto.Url
            $env:AWS_PROFILE | Should -BeNullOrEmpty
            (Get-Item -LiteralPath $env:AWS_CONFIG_FILE).Length | Should -Be 0
            (Get-Item -LiteralPath $env:AWS_SHARED_CREDENTIALS_FILE).Length | Should -Be 0
        } finally {
            Restore-AwsEnvironment $snap
        }
        $env:AWS_REGION | Should -Be $before
        Test-Path -LiteralPath $snap.Directory | Should -BeFalse
    }
}

Describe 'Recording proxy' {
    BeforeEach { $Proxy.Clear(); $Proxy.ClearFaults() }

    It 'forwards to moto and records the operation of each request' {
        (Invoke-Ecs $Proxy.Url 'CreateCluster' '{"clusterName":"p1"}').cluster.clusterName | Should -Be 'p1'
        $null = Invoke-Ecs $Proxy.Url 'ListClusters'
        $ops = @(Get-RecordedRequest -Proxy $Proxy | ForEach-Object Operation)
        $ops | Should -Be @('CreateCluster', 'ListClusters')
        $Proxy.Count('ListClusters') | Should -Be 1
        (Get-RecordedRequest -Proxy $Proxy -Operation CreateCluster).Body | Should -Match '"clusterName":"p1"'
    }

    It 'tells mutating requests from read-only ones' {
        $null = Invoke-Ecs $Proxy.Url 'DescribeClusters' '{"clusters":["p1"]}'
        $null = Invoke-Ecs $Proxy.Url 'ListClusters'
        @(Get-RecordedRequest -Proxy $Proxy -Mutating).Count | Should -Be 0
        $null = Invoke-Ecs $Proxy.Url 'DeleteCluster' '{"cluster":"p1"}'
        @(Get-RecordedRequest -Proxy $Proxy -Mutating | ForEach-Object Operation) | Should -Be @('DeleteCluster')
    }

    It 'injects an AWS error for the next N requests of an operation' {
        Add-ProxyFault -Proxy $Proxy -Operation ListClusters -StatusCode 400 -ErrorCode ThrottlingException -Count 2
        foreach ($i in 1..2) {
            $err = $null
            try { $null = Invoke-Ecs $Proxy.Url 'ListClusters' } catch { $err = $_ }
            $err | Should -Not -BeNullOrEmpty
            [int] $err.Exception.Response.StatusCode | Should -Be 400
            $err.ErrorDetails.Message | Should -Match 'ThrottlingException'
        }
        { Invoke-Ecs $Proxy.Url 'ListClusters' } | Should -Not -Throw
        @(Get-RecordedRequest -Proxy $Proxy | Where-Object Faulted).Count | Should -Be 2
    }

    It 'delays replies when asked' {
        Add-ProxyFault -Proxy $Proxy -Operation ListClusters -StatusCode 0 -DelayMs 600
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $null = Invoke-Ecs $Proxy.Url 'ListClusters'
        $sw.ElapsedMilliseconds | Should -BeGreaterOrEqual 550
    }

    It 'handles concurrent requests' {
        $url = $Proxy.Url
        $results = 1..16 | ForEach-Object -ThrottleLimit 8 -Parallel {
            $h = @{ 'X-Amz-Target' = 'AmazonEC2ContainerServiceV20141113.ListClusters'
                    'Authorization' = 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0' }
            $null = Invoke-RestMethod -Method Post -Uri $using:url -Headers $h -ContentType 'application/x-amz-json-1.1' -Body '{}'
            1
        }
        @($results).Count | Should -Be 16
        $Proxy.Count('ListClusters') | Should -Be 16
    }

    It 'stops and refuses connections afterwards' {
        $p = Start-RecordingProxy -Upstream $Moto
        Stop-RecordingProxy $p
        $p.IsRunning | Should -BeFalse
        { Invoke-WebRequest -Uri $p.Url -TimeoutSec 3 } | Should -Throw
        { Stop-RecordingProxy $p } | Should -Not -Throw
    }
}

Describe 'Test timing of the module under test' {
    BeforeAll {
        Import-EcsAdminUnderTest
        function Get-EngineStatic([string] $Type, [string] $Property) {
            $flags = [Reflection.BindingFlags] 'Static, Public, NonPublic'
            $loader = (Get-Module EcsAdmin).ImplementingAssembly.GetType('EcsAdmin.Loader.EngineLoader', $true)
            $engine = $loader.GetProperty('Engine', $flags).GetValue($null).GetType().Assembly
            $engine.GetType($Type, $true).GetProperty($Property, $flags).GetValue($null)
        }
    }
    AfterAll { Set-EcsAdminTestTiming }

    It 'shortens poll intervals and retry back-off on import, and -Real restores the module''s own' {
        Get-EngineStatic 'EcsAdmin.Engine.Operations.PollBackoff' 'Scale' | Should -Be 0.02
        Get-EngineStatic 'EcsAdmin.Engine.Aws.Client.AttemptPolicy' 'BackoffBase' | Should -Be ([TimeSpan]::FromMilliseconds(20))
        Set-EcsAdminTestTiming -Real
        Get-EngineStatic 'EcsAdmin.Engine.Operations.PollBackoff' 'Scale' | Should -Be 1.0
        Get-EngineStatic 'EcsAdmin.Engine.Aws.Client.AttemptPolicy' 'BackoffBase' | Should -Be ([TimeSpan]::FromSeconds(1))
        Set-EcsAdminTestTiming
        Get-EngineStatic 'EcsAdmin.Engine.Operations.PollBackoff' 'Scale' | Should -Be 0.02
    }
}

Describe 'Invoke-PesterSuite -WorkQueue' -Tag Unit {
    BeforeAll {
        # Two trivial files; the first in the queue is named in needs-exec.txt (it would start the exec test server).
        $script:QueueRoot = Join-Path ([IO.Path]::GetTempPath()) ('ecsadmin-queue-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $QueueRoot
        $script:ExecFile = Join-Path $QueueRoot 'A.Tests.ps1'
        $script:PlainFile = Join-Path $QueueRoot 'B.Tests.ps1'
        foreach ($f in $ExecFile, $PlainFile) { Set-Content -LiteralPath $f -Value "Describe 'd' { It 'passes' { 1 | Should -Be 1 } }" }

        function New-Queue([string] $Name, [switch] $BuildDone) {
            # A queue folder: both files, the first named as needing the exec test server, and the build marker when done.
            $dir = New-Item -ItemType Directory -Path (Join-Path $QueueRoot $Name)
            Set-Content -LiteralPath (Join-Path $dir 'queue.txt') -Value $ExecFile, $PlainFile
            Set-Content -LiteralPath (Join-Path $dir 'needs-exec.txt') -Value $ExecFile
            $ready = Join-Path $dir 'solution-build.done'
            if ($BuildDone) { Set-Content -LiteralPath $ready -Value 'ok' }
            [pscustomobject]@{ Name = $Name; Dir = $dir.FullName; Ready = $ready; Result = Join-Path $dir 'result.json' }
        }

        # The runner needs a process of its own (it runs Pester and ends in exit), but one fresh process runs both
        # queues, one after the other: a fresh pwsh that imports Pester costs seconds of CPU. Each run's exit code is
        # printed after it, and each test reads its own.
        $script:Queues = @((New-Queue 'building'), (New-Queue 'built' -BuildDone))
        # And a file that fails, in a test and in a BeforeAll, run by -Path in the same process. Its host output is
        # dropped: the fresh process's host writes reach this run's log, where its failures would read as real ones.
        $script:FailingFile = Join-Path $QueueRoot 'C.Tests.ps1'
        Set-Content -LiteralPath $FailingFile -Value @"
Describe 'd' { It 'fails' { 1 | Should -Be 2 }; It 'passes' { 1 | Should -Be 1 } }
Describe 'e' { BeforeAll { throw 'setup broke' }; It 'never runs' { 1 | Should -Be 1 } }
"@
        $script:FailingResult = Join-Path $QueueRoot 'failing.json'
        $suite = Join-Path $PSScriptRoot 'Invoke-PesterSuite.ps1'
        $script:QueueRun = Invoke-FreshPwsh ((@(foreach ($q in $Queues) {
                        "`$env:EcsAdminExecTestServerReady = '$($q.Ready)'; & '$suite' -WorkQueue '$($q.Dir)' -ResultPath '$($q.Result)' -OutputDirectory '$($q.Dir)' -NoSharedMoto; 'exit code $($q.Name): ' + `$LASTEXITCODE"
                    }) + "& '$suite' -Path '$FailingFile' -ResultPath '$FailingResult' -OutputDirectory '$QueueRoot' -NoSharedMoto *> `$null; 'exit code failing: ' + `$LASTEXITCODE") -join "`n")

        function Get-QueueOrder([string] $Name) {
            # The files of one queue in the order the runner ran them, once its run is known to have passed.
            $q = $Queues | Where-Object Name -EQ $Name
            $QueueRun.Output | Should -Contain "exit code ${Name}: 0" -Because ($QueueRun.Output -join "`n")
            @((Get-Content -LiteralPath $q.Result -Raw | ConvertFrom-Json).files | ForEach-Object path)
        }
    }

    AfterAll {
        Remove-Item -LiteralPath $QueueRoot -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'passes over the files that need the exec test server while the solution build runs, then runs them' {
        Get-QueueOrder 'building' | Should -Be @($PlainFile, $ExecFile)
    }

    It 'runs the queue in its order once the build is done' {
        Get-QueueOrder 'built' | Should -Be @($ExecFile, $PlainFile)
    }

    It 'records each failure with the start of its message, for the summary CI shows' {
        $QueueRun.Output | Should -Contain 'exit code failing: 1' -Because ($QueueRun.Output -join "`n")
        $file = @((Get-Content -LiteralPath $FailingResult -Raw | ConvertFrom-Json).files)[0]
        $file.passed | Should -Be 1
        $file.failures | Should -Contain 'd.fails: Expected 2, but got 1.'
        @($file.failures | Where-Object { $_ -like 'e*' -and $_ -like '*setup broke*' }).Count | Should -BeGreaterThan 0
    }
}

Describe 'The test runner''s summary of failures (tests/Invoke-Tests.ps1)' -Tag Unit {
    BeforeAll {
        # Read-TrxCounters, taken from the runner's script without running it.
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path (Get-EcsAdminRepoRoot) 'tests/Invoke-Tests.ps1'), [ref] $null, [ref] $null)
        foreach ($name in 'Read-TrxCounters', 'Format-PesterFailure', 'Stop-LeftoverProcess') {
            $fn = $ast.Find({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $n.Name -eq $name }, $true)
            . ([scriptblock]::Create($fn.Extent.Text))
        }
        $script:Trx = Join-Path ([System.IO.Path]::GetTempPath()) "ecsadmin-trx-$PID.trx"
        $long = 'x' * 1000
        Set-Content -LiteralPath $Trx -Value @"
<?xml version="1.0" encoding="utf-8"?>
<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <Results>
    <UnitTestResult testName="A.B.Passes" outcome="Passed" />
    <UnitTestResult testName="A.B.Fails" outcome="Failed"><Output><ErrorInfo><Message>Assert.Equal() Failure
Expected: 1
Actual:   2</Message><StackTrace>at A.B.Fails()</StackTrace></ErrorInfo></Output></UnitTestResult>
    <UnitTestResult testName="A.B.Long" outcome="Failed"><Output><ErrorInfo><Message>$long</Message></ErrorInfo></Output></UnitTestResult>
    <UnitTestResult testName="A.B.Bare" outcome="Error" />
  </Results>
  <TestDefinitions><UnitTest storage="/x/A.Tests.dll" /></TestDefinitions>
  <ResultSummary outcome="Failed"><Counters total="4" passed="1" failed="2" error="1" /></ResultSummary>
</TestRun>
"@
    }
    AfterAll { Remove-Item -LiteralPath $Trx -ErrorAction SilentlyContinue }

    It 'names each failed test with the start of its message on one line (CI shows the summary, not the whole log)' {
        $r = Read-TrxCounters $Trx
        $r.Assembly | Should -Be 'A.Tests'
        $r.Failed | Should -Be 3
        $r.FailedTests[0] | Should -Be 'A.B.Fails: Assert.Equal() Failure Expected: 1 Actual: 2'
        $r.FailedTests[1] | Should -Be ('A.B.Long: ' + 'x' * 400 + '...')
        $r.FailedTests[2] | Should -Be 'A.B.Bare'
    }

    It 'stops what a run left running, found by the mark in its environment, and nothing else' -Skip:(-not $IsLinux) {
        # A mark of this test's own: the run's real mark (inherited by this process) is put back at the end.
        $saved = $env:ECSADMIN_TEST_RUN
        $run = [guid]::NewGuid().ToString('N')
        try {
            $env:ECSADMIN_TEST_RUN = $run
            $left = Start-Process -FilePath sleep -ArgumentList 300 -PassThru
            $tree = Start-Process -FilePath sh -ArgumentList '-c "sleep 301 & wait"' -PassThru
            $env:ECSADMIN_TEST_RUN = 'another-run'
            $other = Start-Process -FilePath sleep -ArgumentList 302 -PassThru
            Start-Sleep -Milliseconds 200
            $stopped = @(Stop-LeftoverProcess $run)
            $stopped | Should -Contain "sleep ($($left.Id))"
            $stopped | Should -Contain "sh ($($tree.Id))"
            $left.WaitForExit(5000) | Should -BeTrue
            $tree.WaitForExit(5000) | Should -BeTrue
            $other.HasExited | Should -BeFalse
        } finally {
            $env:ECSADMIN_TEST_RUN = $saved
            foreach ($p in $left, $tree, $other) { if ($p -and -not $p.HasExited) { $p.Kill($true) } }
        }
    }

    It 'gives a failed Pester file''s failures one line each, or the file and its count when it has none' {
        Format-PesterFailure ([pscustomobject]@{ path = '/r/tests/pester/X.Tests.ps1'; failed = 2; failures = @('d.a: boom', 'd.b: bang') }) |
            Should -Be @('X.Tests.ps1: d.a: boom', 'X.Tests.ps1: d.b: bang')
        Format-PesterFailure ([pscustomobject]@{ path = '/r/tests/pester/Y.Tests.ps1'; failed = 1 }) | Should -Be 'Y.Tests.ps1 (1)'
    }
}

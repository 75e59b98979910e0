# Right-sizing and cost through the built module, against moto with metric data the test puts in.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Backend = Start-EcsAdminTestBackend
    $script:Moto = $script:Backend.Moto; $script:Proxy = $script:Backend.Proxy; $script:Env = $script:Backend.Environment

    function New-SizedService([string] $Name, [int] $Cpu, [int] $Memory, [int] $Desired, [object[]] $Strategy) {
        $null = Invoke-MotoJsonApi $script:Moto.Url ecs RegisterTaskDefinition @{ family = $Name; cpu = "$Cpu"; memory = "$Memory"; networkMode = 'awsvpc'
            requiresCompatibilities = @('FARGATE'); containerDefinitions = @(@{ name = 'app'; image = 'nginx'; essential = $true }) }
        $body = @{ cluster = 'cost'; serviceName = $Name; taskDefinition = $Name; desiredCount = $Desired }
        if ($Strategy) { $body.capacityProviderStrategy = $Strategy } else { $body.launchType = 'FARGATE' }
        $null = Invoke-MotoJsonApi $script:Moto.Url ecs CreateService $body
    }

    # Hourly values for the last $Days days: CPU and memory in percent of the task size. $Peak comes once in three
    # days, the rest of the time $Base: the maximum is $Peak and the 95th percentile of the 2-hour maxima is $Base.
    function Add-Utilization([string] $Service, [double] $CpuBase, [double] $CpuPeak, [double] $MemBase, [double] $MemPeak, [int] $Days = 14) {
        $now = [DateTimeOffset]::UtcNow
        foreach ($metric in @(@('CPUUtilization', $CpuBase, $CpuPeak), @('MemoryUtilization', $MemBase, $MemPeak))) {
            $data = for ($h = 1; $h -lt $Days * 24; $h++) {
                @{ MetricName = $metric[0]; Unit = 'Percent'; Timestamp = $now.AddHours(-$h).ToUnixTimeSeconds()
                   Value = $(if ($h % 72 -eq 12) { $metric[2] } else { $metric[1] })
                   Dimensions = @(@{ Name = 'ClusterName'; Value = 'cost' }, @{ Name = 'ServiceName'; Value = $Service }) }
            }
            $null = Invoke-MotoJsonApi $script:Moto.Url monitoring PutMetricData @{ Namespace = 'AWS/ECS'; MetricData = @($data) }
        }
    }

    Reset-MotoServer -Server $script:Moto
    $null = Invoke-MotoJsonApi $script:Moto.Url ecs CreateCluster @{ clusterName = 'cost' }
    New-SizedService over 1024 2048 2        # CPU <= 10%, memory <= 15%: 0.12 vCPU and 369 MiB with headroom -> 0.25 vCPU / 512 MiB
    New-SizedService right 512 1024 2
    New-SizedService under 256 512 1         # memory peaks at 95% (486 MiB, 584 with headroom) -> 0.25 vCPU / 1024 MiB
    New-SizedService young 256 512 2         # two days of data in a 14-day window
    Add-Utilization over 6 10 12 15
    Add-Utilization right 50 70 40 60        # 0.42 vCPU and 737 MiB with headroom: only 0.5 vCPU / 1024 MiB holds them
    Add-Utilization under 40 50 90 95
    Add-Utilization young 10 10 10 10 -Days 2
}

AfterAll {
    Stop-EcsAdminTestBackend -Backend $script:Backend
}

Describe 'Get-EcsRightSizing' {
    BeforeAll { $script:All = Get-EcsRightSizing -Cluster cost }
    BeforeEach { $script:Proxy.Clear() }

    It 'gives the over-, right- and under-provisioned services the verdict and size they should get' {
        $script:All | ForEach-Object { $_ | Should -BeOfType ([EcsAdmin.Models.EcsRightSizing]) }
        ($script:All | ForEach-Object { '{0}={1}/{2}/{3}' -f $_.Service, $_.Verdict, $_.Action, $_.RecommendedSize } | Sort-Object) | Should -Be @(
            'over=OverProvisioned/Resize/0.25 vCPU / 512 MiB'
            'right=Right/None/'
            'under=UnderProvisioned/Resize/0.25 vCPU / 1024 MiB'
            'young=InsufficientData/None/'
        )
        $over = $script:All | Where-Object Service -eq over
        $over.CpuMax | Should -Be 0.1            # 10% of 1 vCPU
        $over.CpuP95 | Should -Be 0.06
        $over.MemoryMax | Should -Be 307         # 15% of 2048 MiB
        $over.RecommendedCpu | Should -Be 256
        $over.RecommendedMemory | Should -Be 512
        $over.Reason | Should -Match '0\.25 vCPU / 512 MiB holds them, the task has 1 vCPU / 2048 MiB'
        $over.DataCoverage | Should -BeGreaterThan 0.9
        ($script:All | Where-Object Service -eq under).Reason | Should -Match 'short of memory'
        ($script:All | Where-Object Service -eq young).Reason | Should -Match 'of 14 days \(at least 7 needed\): too little to judge'
    }

    It 'computes monthly cost now and after from the shipped table, on demand and with the capacity-provider mix' {
        $over = $script:All | Where-Object Service -eq over
        # us-east-1, 730 h: 1 vCPU / 2 GiB = 0.04048 + 2 x 0.004445 = 0.04937 per task-hour; x 2 tasks x 730 = 72.08.
        $over.MonthlyCost | Should -Be 72.08
        $over.MonthlyCostOnDemand | Should -Be 72.08
        # 0.25 vCPU / 0.5 GiB = 0.01012 + 0.0022225 = 0.0123425; x 2 x 730 = 18.02.
        $over.RecommendedMonthlyCost | Should -Be 18.02
        $over.MonthlySaving | Should -Be 54.06
        $over.PriceTable | Should -Be '2026-06-17 (shipped)'

        # moto drops a service's capacity provider strategy (it answers launch type EC2), so the FARGATE/FARGATE_SPOT
        # mix is covered by the xUnit RightSizingOperationTests against replies shaped as AWS documents them.
        $right = $script:All | Where-Object Service -eq right
        $right.CapacityMix | Should -Be 'FARGATE 2'
        # 0.5 vCPU / 1 GiB = 0.02024 + 0.004445 = 0.024685 per task-hour; x 730 = 18.02005 per task-month; 2 tasks.
        $right.MonthlyCostOnDemand | Should -Be 36.04
        $right.MonthlyCost | Should -Be 36.04
        $right.RecommendedMonthlyCost | Should -Be 36.04
        $right.MonthlySaving | Should -Be 0
        $right.SpotSuitable | Should -BeTrue
    }

    It 'says whether Spot suits the service and what moving would save' {
        $over = $script:All | Where-Object Service -eq over
        $over.SpotSuitable | Should -BeTrue
        $over.SpotInterruptions | Should -Be 0
        # At the recommended size, one task on demand and one on Spot at 30%: 18.02 - 9.010025 x 1.3 = 6.31.
        $over.SpotMonthlySaving | Should -Be 6.31
        $under = $script:All | Where-Object Service -eq under
        $under.SpotSuitable | Should -BeFalse
        $under.SpotReason | Should -Match 'Desired count 1'
    }

    It 'reads every service''s metrics in one GetMetricData request, and writes nothing' {
        $null = Get-EcsRightSizing -Cluster cost
        $metric = @(Get-RecordedRequest -Proxy $script:Proxy -Operation GetMetricData)
        $metric.Count | Should -Be 1
        ($metric[0].Body | ConvertFrom-Json).MetricDataQueries.Count | Should -Be 8
        @(Get-RecordedRequest -Proxy $script:Proxy -Mutating).Count | Should -Be 0
    }

    It 'takes piped services and gives a cluster summary' {
        $r = Get-EcsService -Cluster cost | Where-Object Service -in over, under | Get-EcsRightSizing
        ($r.Service | Sort-Object) | Should -Be @('over', 'under')
        @(Get-RecordedRequest -Proxy $script:Proxy -Operation GetMetricData).Count | Should -Be 1

        $s = Get-EcsRightSizing -Cluster cost -Summary
        $s | Should -BeOfType ([EcsAdmin.Models.EcsRightSizingSummary])
        $s.Services | Should -Be 4
        $s.OverProvisioned | Should -Be 1
        $s.UnderProvisioned | Should -Be 1
        $s.NotJudged | Should -Be 1
        $expected = ($script:All | Measure-Object MonthlyCost -Sum).Sum
        $s.MonthlyCost | Should -Be ([math]::Round($expected, 2))
        $s.MonthlySaving | Should -Be ([math]::Round($s.MonthlyCost - $s.RecommendedMonthlyCost, 2))
        $table = ($s | Format-Table | Out-String -Width 250).Trim() -split "`r?`n"
        $table[0] | Should -Match '^Cluster\s+Services\s+Over\s+Right\s+Under\s+NotJudged\s+Monthly\s+After\s+Saving'
    }

    It 'uses a -PriceTable instead of the shipped one, and refuses a bad one before any request' {
        $path = Join-Path $TestDrive 'prices.json'
        '{ "asOf": "2026-01-01", "currency": "EUR", "hoursPerMonth": 720, "regions": [ { "region": "us-east-1", "vcpuHour": 0.1, "gbHour": 0.01, "spotDiscount": 0.5 } ] }' | Set-Content $path
        $over = Get-EcsRightSizing -Cluster cost -Service over -PriceTable $path
        $over.Currency | Should -Be 'EUR'
        $over.MonthlyCost | Should -Be 172.8     # (0.1 + 2 x 0.01) x 720 x 2
        $over.PriceTable | Should -Match '^2026-01-01 \('

        $script:Proxy.Clear()
        '{ "regions": [] }' | Set-Content $path
        { Get-EcsRightSizing -Cluster cost -PriceTable $path -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidPriceTable*'
        { Get-EcsRightSizing -Cluster cost -PriceTable (Join-Path $TestDrive 'none.json') -ErrorAction Stop } | Should -Throw -ErrorId 'PriceTableNotFound*'
        @(Get-RecordedRequest -Proxy $script:Proxy).Count | Should -Be 0
    }

    It 'shows a table with the verdict first and the advice' {
        $table = ($script:All | Sort-Object Service | Format-Table | Out-String -Width 250).Trim() -split "`r?`n"
        $table[0] | Should -Match '^Verdict\s+Cluster\s+Service\s+Tasks\s+Size\s+CpuMax\s+MemMax\s+Advice\s+Monthly\s+After\s+Saving\s+Spot'
        ($table | Where-Object { $_ -match '\bover\b' }) | Should -Match '^OverProvisioned\s+cost\s+over\s+2\s+1 vCPU / 2048 MiB.*-> 0\.25 vCPU / 512 MiB\s+72\.08\s+18\.02\s+54\.06\s+yes'
    }
}

Describe 'Applying the advice' {
    BeforeEach { $script:Proxy.Clear() }

    It 'Get-EcsRightSizing | Update-EcsService -WhatIf shows the resize and sends no request' {
        # In this process, read back from a transcript; the errors of both commands are kept (the block runs in a scope of its own).
        $state = @{}
        $text = Get-WhatIfText { Get-EcsRightSizing -Cluster cost -ErrorVariable e1 | Update-EcsService -WhatIf -ErrorVariable e2; $state.Errors = @($e1) + @($e2) }
        $text | Should -Match 'What if: Performing the operation "Resize to 0\.25 vCPU / 512 MiB: register a revision of the current task definition with cpu 256 and memory 512, and deploy it" on target "over \(cluster cost\)"'
        $text | Should -Match 'What if: .*"Resize to 0\.25 vCPU / 1024 MiB.*" on target "under \(cluster cost\)"'
        $text | Should -Not -Match 'target "(right|young) '
        $state.ContainsKey('Errors') | Should -BeTrue
        $state.Errors | Should -BeNullOrEmpty
        @(Get-RecordedRequest -Proxy $script:Proxy -Mutating).Count | Should -Be 0
        @(Get-RecordedRequest -Proxy $script:Proxy -Operation DescribeTaskDefinition).Count | Should -BeGreaterThan 0  # the reads did happen
    }

    It 'Update-EcsService -Cpu -Memory registers a resized revision and deploys it' {
        $svc = Get-EcsRightSizing -Cluster cost -Service over | Update-EcsService
        $svc.TaskDefinition | Should -Match 'task-definition/over:2$'
        (Get-EcsTaskDefinition over:2).Cpu | Should -Be '256'
        (Get-EcsTaskDefinition over:2).Memory | Should -Be '512'
        $ops = @(Get-RecordedRequest -Proxy $script:Proxy -Mutating | ForEach-Object Operation)
        $ops | Should -Be @('RegisterTaskDefinition', 'UpdateService')
    }

    It 'refuses a size Fargate does not run before any request' {
        { Update-EcsService -Cluster cost -Name under -Cpu 256 -Memory 4096 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidFargateSize*'
        { Update-EcsService -Cluster cost -Name under -Cpu 512 -ErrorAction Stop } | Should -Throw -ErrorId 'ResizeNeedsCpuAndMemory*'
        @(Get-RecordedRequest -Proxy $script:Proxy).Count | Should -Be 0
    }

    It 'pipes Scale advice into Set-EcsScaling by property name' {
        $advice = [EcsAdmin.Models.EcsRightSizing]@{ Cluster = 'cost'; Service = 'right'; Region = 'us-east-1'; Action = 'Scale'; MinCapacity = 2; MaxCapacity = 5; TargetCpuPercent = 83 }
        $changes = $advice | Set-EcsScaling -WhatIf
        ($changes | Where-Object Action -eq 'RegisterScalableTarget').Detail | Should -Match '2.*5'
        ($changes.Detail -join ' ') | Should -Match '83'
        @(Get-RecordedRequest -Proxy $script:Proxy -Mutating).Count | Should -Be 0
    }
}

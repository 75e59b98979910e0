# Clusters and task definitions through the built module, against a real moto_server.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Backend = Start-EcsAdminTestBackend
    $script:Moto = $script:Backend.Moto; $script:Proxy = $script:Backend.Proxy; $script:Env = $script:Backend.Environment
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ("ecsadmin-foundation-" + [guid]::NewGuid())
    $null = New-Item -ItemType Directory -Path $script:Work

    # A locally detectable mistake: a typed error with the ErrorId and a recommended action, and no request sent.
    function Assert-RefusedLocally([scriptblock] $Script, [string] $ErrorId) {
        $script:Proxy.Clear()
        $ErrorActionPreference = 'Continue'
        $err = @(& $Script 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $err | Should -Not -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $err[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $script:Proxy.Requests.Count | Should -Be 0
    }
}

AfterAll {
    Stop-EcsAdminTestBackend -Backend $script:Backend
    if ($script:Work) { Remove-Item -LiteralPath $script:Work -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Clusters' {
    BeforeEach { Reset-MotoServer -Server $script:Moto; $script:Proxy.Clear() }

    It 'creates a Fargate cluster with capacity providers, strategy, insights and tags' {
        $c = New-EcsCluster -Name demo -CapacityProvider FARGATE, FARGATE_SPOT -ContainerInsights enabled -Tag @{ env = 'dev' } `
            -DefaultCapacityProviderStrategy @{ CapacityProvider = 'FARGATE_SPOT'; Weight = 4 }, @{ CapacityProvider = 'FARGATE'; Weight = 1; Base = 1 }
        $c | Should -BeOfType ([EcsAdmin.Models.EcsCluster])
        $c.Cluster | Should -Be 'demo'
        $c.Status | Should -Be 'ACTIVE'
        $c.Region | Should -Be 'us-east-1'
        $c.CapacityProviders | Should -Be @('FARGATE', 'FARGATE_SPOT')
        $c.DefaultCapacityProviderStrategy.Count | Should -Be 2
        ($c.DefaultCapacityProviderStrategy | Where-Object CapacityProvider -eq 'FARGATE').Base | Should -Be 1
        $c.ContainerInsights | Should -Be 'enabled'
        $c.Tags['env'] | Should -Be 'dev'
        $script:Proxy.Count('CreateCluster') | Should -Be 1
    }

    It 'refuses to create an existing ACTIVE cluster with a typed error naming Set-EcsCluster, and sends no CreateCluster' {
        New-EcsCluster -Name dup | Out-Null
        $script:Proxy.Clear()
        $made = 'dup', 'fresh' | New-EcsCluster -ContainerInsights enabled -ErrorVariable errs -ErrorAction SilentlyContinue
        $made.Cluster | Should -Be 'fresh'
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ClusterAlreadyExists,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $errs[0].TargetObject | Should -Be 'dup'
        $errs[0].ErrorDetails.RecommendedAction | Should -Match 'Set-EcsCluster -Name dup'
        @(Get-RecordedRequest -Proxy $script:Proxy -Operation CreateCluster).Count | Should -Be 1
        (Get-EcsCluster dup).ContainerInsights | Should -Not -Be 'enabled'
    }

    It 'gets all clusters, by exact name and by wildcard' {
        'prod-a', 'prod-b', 'test-a' | New-EcsCluster | Out-Null
        (Get-EcsCluster).Cluster | Sort-Object | Should -Be @('prod-a', 'prod-b', 'test-a')
        (Get-EcsCluster -Name 'PROD*').Cluster | Sort-Object | Should -Be @('prod-a', 'prod-b')
        (Get-EcsCluster test-a).Cluster | Should -Be 'test-a'
    }

    It 'reports a missing cluster as a non-terminating ClusterNotFound error and still returns the others' {
        New-EcsCluster -Name present | Out-Null
        $found = Get-EcsCluster -Name present, absent -ErrorVariable errs -ErrorAction SilentlyContinue
        $found.Cluster | Should -Be 'present'
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ClusterNotFound,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be 'absent'
        $errs[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
    }

    It 'changes Container Insights and the default strategy, keeping the providers' {
        New-EcsCluster -Name s1 -CapacityProvider FARGATE, FARGATE_SPOT | Out-Null
        $c = Set-EcsCluster -Name s1 -ContainerInsights enabled
        $c.ContainerInsights | Should -Be 'enabled'
        $c = Set-EcsCluster -Name s1 -DefaultCapacityProviderStrategy 'FARGATE:1:1'
        $c.CapacityProviders | Should -Be @('FARGATE', 'FARGATE_SPOT')
        $c.DefaultCapacityProviderStrategy[0].CapacityProvider | Should -Be 'FARGATE'
        $c.DefaultCapacityProviderStrategy[0].Base | Should -Be 1
    }

    It 'removes piped clusters with -Force and -PassThru' {
        'gone-1', 'gone-2', 'kept' | New-EcsCluster | Out-Null
        $removed = Get-EcsCluster 'gone-*' | Remove-EcsCluster -Force -PassThru
        $removed.Status | Should -Be @('INACTIVE', 'INACTIVE')
        (Get-EcsCluster).Cluster | Should -Be 'kept'
    }

    It 'accepts user-built objects (as in Pester mocks) with an empty Region from the pipeline' {
        New-EcsCluster -Name mocked | Out-Null
        $c = [EcsAdmin.Models.EcsCluster]@{ Cluster = 'mocked' } | Get-EcsCluster
        $c.Cluster | Should -Be 'mocked'
        $c.Region | Should -Be 'us-east-1'
    }

    It '-WhatIf on New, Set and Remove sends no mutating request' {
        New-EcsCluster -Name existing | Out-Null
        $script:Proxy.Clear()
        New-EcsCluster -Name whatif -WhatIf
        Set-EcsCluster -Name existing -ContainerInsights enabled -WhatIf
        Get-EcsCluster existing | Remove-EcsCluster -WhatIf
        Get-RecordedRequest -Proxy $script:Proxy -Mutating | Should -BeNullOrEmpty
        (Get-EcsCluster existing).Status | Should -Be 'ACTIVE'
    }

    It 'rejects invalid input with typed errors before any request' -ForEach @(
        @{ Case = 'blank name'; Script = { New-EcsCluster -Name ' ' }; ErrorId = 'InvalidClusterName' }
        @{ Case = 'bad characters'; Script = { New-EcsCluster -Name 'bad name!' }; ErrorId = 'InvalidClusterName' }
        @{ Case = 'two bases'; Script = { New-EcsCluster -Name x -DefaultCapacityProviderStrategy 'FARGATE:1:1', 'FARGATE_SPOT:1:1' }; ErrorId = 'InvalidCapacityProviderStrategy' }
        @{ Case = 'negative weight'; Script = { New-EcsCluster -Name x -DefaultCapacityProviderStrategy @{ CapacityProvider = 'FARGATE'; Weight = -1 } }; ErrorId = 'InvalidCapacityProviderStrategy' }
        @{ Case = 'nothing to set'; Script = { Set-EcsCluster -Name x }; ErrorId = 'NothingToChange' }
        @{ Case = 'blank get'; Script = { Get-EcsCluster -Name '' }; ErrorId = 'InvalidClusterName' }
    ) {
        Assert-RefusedLocally -Script $Script -ErrorId $ErrorId
    }
}

Describe 'Task definitions' {
    BeforeEach { Reset-MotoServer -Server $script:Moto; $script:Proxy.Clear() }

    It 'registers the single-container Fargate case from parameters' {
        $td = Register-EcsTaskDefinition -Family web -Image nginx:1.27 -Port 80 -Cpu '0.5 vCPU' -Memory 1GB -LogGroup /ecs/web -Environment @{ MODE = 'prod' }
        $td | Should -BeOfType ([EcsAdmin.Models.EcsTaskDefinition])
        $td.FamilyRevision | Should -Be 'web:1'
        $td.Cpu | Should -Be '512'
        $td.Memory | Should -Be '1024'
        $td.NetworkMode | Should -Be 'awsvpc'
        $td.RequiresCompatibilities | Should -Contain 'FARGATE'
        $td.ContainerDefinitions[0].PortMappings[0].ContainerPort | Should -Be 80
        $td.ContainerDefinitions[0].Environment['MODE'] | Should -Be 'prod'
        $td.ContainerDefinitions[0].LogConfiguration.Options['awslogs-group'] | Should -Be '/ecs/web'
    }

    It 'registers from a CLI-style JSON file and from a describe-task-definition reply' {
        $path = Join-Path $script:Work 'api.json'
        @'
{
  "family": "api",
  "networkMode": "awsvpc",
  "requiresCompatibilities": ["FARGATE"],
  "cpu": "1024",
  "memory": "2048",
  "containerDefinitions": [ { "name": "api", "image": "busybox", "command": ["sleep", "60"], "essential": true } ]
}
'@ | Set-Content -LiteralPath $path
        $first = Register-EcsTaskDefinition -Path $path
        $first.FamilyRevision | Should -Be 'api:1'
        $first.ContainerDefinitions[0].Command | Should -Be @('sleep', '60')

        $described = Join-Path $script:Work 'described.json'
        @{ taskDefinition = @{ taskDefinitionArn = $first.TaskDefinitionArn; revision = 1; status = 'ACTIVE'; family = 'api'; networkMode = 'awsvpc'; requiresCompatibilities = @('FARGATE'); cpu = '1024'; memory = '2048'; containerDefinitions = @(@{ name = 'api'; image = 'busybox:2' }) } } |
            ConvertTo-Json -Depth 8 | Set-Content -LiteralPath $described
        (Register-EcsTaskDefinition -Path $described).FamilyRevision | Should -Be 'api:2'
    }

    It 'registers from a piped hashtable' {
        $td = @{ family = 'worker'; networkMode = 'awsvpc'; requiresCompatibilities = @('FARGATE'); cpu = '256'; memory = '512'; containerDefinitions = @(@{ name = 'w'; image = 'busybox' }) } | Register-EcsTaskDefinition
        $td.Family | Should -Be 'worker'
    }

    It 'gets by family, family:revision, ARN, all revisions and family names' {
        $r1 = Register-EcsTaskDefinition -Family svc -Image a:1
        $r2 = Register-EcsTaskDefinition -Family svc -Image a:2
        Register-EcsTaskDefinition -Family other -Image b | Out-Null
        (Get-EcsTaskDefinition svc).Revision | Should -Be 2
        (Get-EcsTaskDefinition svc:1).ContainerDefinitions[0].Image | Should -Be 'a:1'
        (Get-EcsTaskDefinition $r2.TaskDefinitionArn).Revision | Should -Be 2
        (Get-EcsTaskDefinition -Family svc -AllRevisions).Revision | Sort-Object | Should -Be @(1, 2)
        (Get-EcsTaskDefinition -ListFamilies).Family | Sort-Object | Should -Be @('other', 'svc')
        (Get-EcsTaskDefinition -Family 's*').Family | Should -Be 'svc'
    }

    It 'deregisters piped revisions and reports a missing one without stopping' {
        Register-EcsTaskDefinition -Family gone -Image a | Out-Null
        Register-EcsTaskDefinition -Family gone -Image b | Out-Null
        $out = Get-EcsTaskDefinition -Family gone -AllRevisions | Unregister-EcsTaskDefinition -Force -PassThru
        $out.Status | Should -Be @('INACTIVE', 'INACTIVE')
        $null = Get-EcsTaskDefinition gone:1, nothere:1 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs | Where-Object { $_.FullyQualifiedErrorId -like 'TaskDefinitionNotFound,*' } | Should -Not -BeNullOrEmpty
    }

    It '-WhatIf on Register and Unregister sends no mutating request' {
        Register-EcsTaskDefinition -Family keep -Image a | Out-Null
        $script:Proxy.Clear()
        Register-EcsTaskDefinition -Family keep -Image b -WhatIf
        Unregister-EcsTaskDefinition keep:1 -WhatIf
        Get-RecordedRequest -Proxy $script:Proxy -Mutating | Should -BeNullOrEmpty
        (Get-EcsTaskDefinition keep).Revision | Should -Be 1
    }

    It 'rejects invalid definitions with typed errors before any request' -ForEach @(
        @{ Case = 'cpu 256 memory 4096'; Script = { Register-EcsTaskDefinition -Family x -Image i -Cpu 256 -Memory 4096 }; ErrorId = 'InvalidFargateSize' }
        @{ Case = 'cpu 300'; Script = { Register-EcsTaskDefinition -Family x -Image i -Cpu 300 -Memory 1024 }; ErrorId = 'InvalidFargateCpu' }
        @{ Case = 'cpu 8192 memory 17000'; Script = { Register-EcsTaskDefinition -Family x -Image i -Cpu 8192 -Memory 17000 }; ErrorId = 'InvalidFargateSize' }
        @{ Case = 'memory text'; Script = { Register-EcsTaskDefinition -Family x -Image i -Cpu 512 -Memory lots }; ErrorId = 'InvalidFargateMemory' }
        @{ Case = 'bridge on Fargate'; Script = { @{ family = 'x'; networkMode = 'bridge'; requiresCompatibilities = @('FARGATE'); cpu = '256'; memory = '512'; containerDefinitions = @(@{ name = 'a'; image = 'b' }) } | Register-EcsTaskDefinition }; ErrorId = 'FargateRequiresAwsvpc' }
        @{ Case = 'unknown field'; Script = { '{"family":"x","networkMode":"awsvpc","requiresCompatibilities":["FARGATE"],"cpu":"256","memory":"512","containerDefinitions":[{"name":"a","image":"b","imagee":"c"}]}' | Register-EcsTaskDefinition }; ErrorId = 'InvalidTaskDefinitionJson' }
        @{ Case = 'bare family to unregister'; Script = { Unregister-EcsTaskDefinition web -Force }; ErrorId = 'TaskDefinitionRevisionRequired' }
        @{ Case = 'unreadable path'; Script = { Register-EcsTaskDefinition -Path (Join-Path $script:Work 'missing.json') }; ErrorId = 'TaskDefinitionFileUnreadable' }
    ) {
        Assert-RefusedLocally -Script $Script -ErrorId $ErrorId
    }

    It 'reports malformed JSON with the file, line and position' {
        $path = Join-Path $script:Work 'broken.json'
        "{`n  `"family`": `"x`",`n  `"cpu`" `"256`"`n}" | Set-Content -LiteralPath $path
        $err = $null
        Register-EcsTaskDefinition -Path $path -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidTaskDefinitionJson,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $err[0].Exception.Message | Should -BeLike "*broken.json*line 3*"
        $script:Proxy.Requests.Count | Should -Be 0
    }
}

package io.jenkins.plugins.ecrpipeline.library

import com.lesfurets.jenkins.unit.BasePipelineTest
import org.junit.Before
import org.junit.Test

import static org.junit.Assert.assertEquals
import static org.junit.Assert.assertFalse
import static org.junit.Assert.assertTrue
import static org.junit.Assert.fail

/**
 * vars/nightlyImages.groovy as Jenkins runs it, with the plugin's steps standing in: the order of its stages, what a
 * parameterized run builds, that a failed build stops before promote and deploy, sharding, and that no secret is
 * printed.
 */
class NightlyImagesTest extends BasePipelineTest {
    static final String SECRET = 'wJalrXUtnFEMI-secret-key'
    final List<Map> builds = []
    final List<String> promoted = []
    final List<Map> promotions = []
    final List<Map> deploys = []
    List<Map> images = [[service: 'web-production', image: 'r/web-production:intermediate', digest: 'sha256:aa', sizeBytes: 1L,
                         durationMillis: 5L, result: 'PUSHED']]
    Closure failingBuild = null
    Map<String, String> env = [:]

    @Before
    void setUp() {
        scriptRoots = [System.getProperty('ecrpipeline.vars')] as String[]
        scriptExtension = 'groovy'
        super.setUp()
        binding.setVariable('scm', [:])
        binding.setVariable('env', env)
        // As in Jenkins, error() ends the run with the message.
        helper.registerAllowedMethod('error', [String], { String message ->
            updateBuildStatus('FAILURE')
            throw new Exception(message)
        })
        helper.registerAllowedMethod('checkout', [Object], { })
        helper.registerAllowedMethod('node', [String, Closure], { String label, Closure body -> body.call() })
        helper.registerAllowedMethod('stage', [String, Closure], { String name, Closure body -> body.call() })
        helper.registerAllowedMethod('parallel', [Map], { Map branches -> branches.values().each { it.call() } })
        helper.registerAllowedMethod('intermediateBuild', [Map], { Map args ->
            builds << args
            if (failingBuild) {
                failingBuild.call(args)
            }
            images
        })
        helper.registerAllowedMethod('ecrPromote', [Map], { Map args ->
            promotions << args
            images.collect { [service: it.service, image: "r/${it.service}:${args.to}@${it.digest}".toString(), digest: it.digest] }
        })
        helper.registerAllowedMethod('ecrDeploy', [Map], { Map args -> deploys << args; [] })
        // Binds a secret for the block, as the real step does; the secret must never reach a log line.
        helper.registerAllowedMethod('withAwsRole', [Map, Closure], { Map args, Closure body ->
            env.AWS_SECRET_ACCESS_KEY = SECRET
            try {
                body.call()
            } finally {
                env.remove('AWS_SECRET_ACCESS_KEY')
            }
        })
    }

    private Object nightly(Map args) {
        def script = loadScript('nightlyImages.groovy')
        // Closures a Jenkinsfile passes in call steps (sh, echo) on that script, not on this test.
        Map withScriptClosures = args.collectEntries { key, value ->
            if (value instanceof Closure) {
                Closure inScript = value.rehydrate(script, this, this)
                inScript.resolveStrategy = Closure.DELEGATE_FIRST
                value = inScript
            }
            [(key): value]
        }
        script.call(withScriptClosures)
    }

    private List<String> stages() {
        helper.callStack.findAll { it.methodName == 'stage' }.collect { it.args[0].toString() }
    }

    @Test
    void stagesRunInTheOrderAPersonExpects() {
        def result = nightly(smokeTests: { list -> sh 'docker run --rm web-production:intermediate ./smoke' },
                promote: { list -> promoted << 'done' }, deploy: { list -> sh './deploy.sh' }, cleanup: { list -> echo 'cleaned' })

        assertEquals(['Build images', 'Smoke tests', 'Promote', 'Deploy', 'Clean up'], stages())
        assertEquals(images, result)
        assertEquals(['done'], promoted)
    }

    @Test
    void promoteToShipsExactlyTheBuiltDigestsAndDeploysWhatWasPromoted() {
        nightly(promoteTo: 'production', deployCommand: './deploy.sh "$IMAGE@$IMAGE_DIGEST"')

        assertEquals(['Build images', 'Promote', 'Deploy'], stages())
        assertEquals(['r/web-production:intermediate@sha256:aa'], promotions[0].images)
        assertEquals('production', promotions[0].to)
        assertEquals(['r/web-production:production@sha256:aa'], deploys[0].images)
        assertEquals('./deploy.sh "$IMAGE@$IMAGE_DIGEST"', deploys[0].command)
    }

    @Test
    void aDeployCommandWithoutPromotionIsRefused() {
        try {
            nightly(deployCommand: './deploy.sh')
            fail('expected an error')
        } catch (Exception e) {
            assertTrue(e.message, e.message.contains('deployCommand deploys what promoteTo promoted'))
        }
        assertTrue('refused before anything is built', builds.isEmpty())
    }

    @Test
    void theDefaultIsTheOriginalNightlyRule() {
        nightly([:])

        assertEquals(1, builds.size())
        assertEquals('-(production|qa)', builds[0].pattern)
        assertFalse(builds[0].containsKey('services'))
        assertEquals(true, builds[0].ecrLogin)
        assertEquals(['Build images'], stages())
    }

    @Test
    void aParameterizedRunBuildsOnlyTheChosenServices() {
        binding.setVariable('params', [SERVICES: 'web-qa,worker-qa'])
        nightly(services: binding.getVariable('params').SERVICES)

        assertEquals('web-qa,worker-qa', builds[0].services)
        assertFalse('no pattern when services are chosen', builds[0].containsKey('pattern'))
    }

    @Test
    void aFailedBuildSkipsPromoteAndDeploy() {
        failingBuild = { args -> throw new Exception('intermediateBuild: 1 service(s) failed: web-production.') }
        boolean deployed = false
        try {
            nightly(promote: { list -> promoted << 'done' }, deploy: { list -> deployed = true })
            fail('the failed build must fail the run')
        } catch (Exception e) {
            assertTrue(e.message.contains('web-production'))
        }
        assertEquals(['Build images'], stages())
        assertEquals([], promoted)
        assertFalse(deployed)
    }

    @Test
    void shardsFanTheBuildOutOverAgentsInParallel() {
        nightly(shards: 3, label: 'big-docker')

        assertEquals(['1/3', '2/3', '3/3'], builds.collect { it.shard })
        assertEquals(1, helper.callStack.count { it.methodName == 'parallel' })
        assertEquals(3, helper.callStack.count { it.methodName == 'node' && it.args[0] == 'big-docker' })
        assertEquals(3, helper.callStack.count { it.methodName == 'checkout' })
    }

    @Test
    void theDeployRunsWithTheAgentsRoleAndNoSecretIsEchoed() {
        nightly(region: 'eu-west-1', deploy: { list -> sh './deploy.sh'; echo "deployed ${list.size()} image(s)" })

        def role = helper.callStack.find { it.methodName == 'withAwsRole' }
        assertEquals([region: 'eu-west-1'], role.args[0])
        def printed = helper.callStack.findAll { it.methodName in ['echo', 'sh', 'error'] }.collect { it.argsToString() }
        assertTrue(printed.contains('deployed 1 image(s)'))
        assertFalse("no secret in $printed", printed.any { it.contains(SECRET) })
    }

    @Test
    void anUnknownArgumentIsAnErrorNamingIt() {
        try {
            nightly(sevices: 'web-qa')
            fail('an unknown argument must fail')
        } catch (Exception e) {
            assertTrue(e.message, e.message.contains('unknown argument(s) sevices'))
        }
        assertEquals([], builds)
    }
}

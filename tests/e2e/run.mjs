// End-to-end tests of the playground page in headless Chromium. Builds nothing: the wasm
// must already be in www/pkg (scripts/test.sh builds it first). Serves www/ itself, prints
// `N passed, M failed`, exits non-zero on any failure and leaves screenshots in
// test-artifacts/.
import { serve, run } from './harness.mjs';
import { pageTests } from './tests-page.mjs';
import { dataTests } from './tests-data.mjs';
import { codeTests } from './tests-code.mjs';
import { apiTests } from './tests-api.mjs';
import { stateTests } from './tests-state.mjs';
import { a11yTests } from './tests-a11y.mjs';
import { defaultsTests } from './tests-defaults.mjs';
import { tryTests } from './tests-try.mjs';
import { onnxTests } from './tests-onnx.mjs';
import { kerasTests } from './tests-keras.mjs';
import { compressTests } from './tests-compress.mjs';
import { deployTests } from './tests-deploy.mjs';
import { raceTests } from './tests-race.mjs';
import { learnTests } from './tests-learn.mjs';
import { goalTests } from './tests-goals.mjs';
import { buildTests } from './tests-builds.mjs';
import { i18nTests } from './tests-i18n.mjs';
import { shapedTests } from './tests-shaped.mjs';

const server = await serve(undefined, {
  '/examples/blank.html': ['text/html; charset=utf-8', '<!doctype html><html lang="en"><meta charset="utf-8"><link rel="icon" href="data:,"><title>API</title></html>'],
  '/two.html': ['text/html; charset=utf-8', `<!doctype html><html lang="en"><meta charset="utf-8"><link rel="icon" href="data:,">
    <script type="module" src="/playground/nn-playground.js"></script>
    <nn-playground id="a" dataset="circle" seed="3" epochs="200" layers="6:tanh,3:tanh" pace="0"></nn-playground>
    <nn-playground id="b" dataset="xor" seed="5" epochs="150" layers="8:relu" activation="relu" learning-rate="0.01" pace="0" panels="watch" controls="play"></nn-playground>
    </html>`],
});
let failed = 1;
try {
  failed = await run([...codeTests, ...apiTests, ...pageTests, ...dataTests, ...a11yTests, ...stateTests, ...defaultsTests, ...tryTests, ...onnxTests, ...compressTests, ...deployTests, ...goalTests, ...shapedTests, ...buildTests, ...raceTests, ...i18nTests, ...learnTests, ...kerasTests], { url: server.url });
} finally {
  await server.close();
}
process.exit(failed === 0 ? 0 : 1);

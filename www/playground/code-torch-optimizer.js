// The PyTorch script's optimizer. SGD (with or without momentum) and Adagrad are torch.optim's;
// where torch.optim's rule differs from Keras's and nnplay's, the script carries the rule
// itself, so that it trains as the page does from the same weights:
// - RMSprop: torch.optim adds epsilon after the square root; Keras and nnplay inside
//   (`g / sqrt(v + eps)`).
// - Adam and AdamW: torch.optim adds epsilon to the bias-corrected `sqrt(v_hat)`; Keras and
//   nnplay add it to `sqrt(v)` and fold the bias correction into the step size. A weight whose
//   gradient is near epsilon moves by up to half the learning rate differently (5.6e-3 after
//   one step at lr 0.01 on iris).
import { hyperparameter } from './model-spec.js';

const num = (v) => String(Number(v.toPrecision(6)));

/** The lines that make `optimizer` for the settings `s`. */
export function torchOptimizerLines(catalog, s) {
  const v = (key) => num(hyperparameter(catalog, s, key));
  const lr = `lr=${num(s.learningRate)}`;
  const eps = `eps=${v('epsilon')}`;
  switch (s.optimizer) {
    case 'sgd': return [`optimizer = torch.optim.SGD(model.parameters(), ${lr})`];
    case 'momentum': return [`optimizer = torch.optim.SGD(model.parameters(), ${lr}, momentum=${v('momentum')})`];
    case 'nesterov': return [`optimizer = torch.optim.SGD(model.parameters(), ${lr}, momentum=${v('momentum')}, nesterov=True)`];
    case 'adagrad': return [`optimizer = torch.optim.Adagrad(model.parameters(), ${lr}, initial_accumulator_value=${v('initialAccumulatorValue')}, ${eps})`];
    case 'rmsprop': return [...RMSPROP, `optimizer = RMSprop(model.parameters(), ${lr}, rho=${v('rho')}, ${eps})`];
    case 'adamw': return [...ADAM, `optimizer = Adam(model.parameters(), ${lr}, betas=(${v('beta1')}, ${v('beta2')}), ${eps}, weight_decay=${v('weightDecay')})`];
    default: return [...ADAM, `optimizer = Adam(model.parameters(), ${lr}, betas=(${v('beta1')}, ${v('beta2')}), ${eps})`];
  }
}

const RMSPROP = ['',
  '',
  'class RMSprop(torch.optim.Optimizer):',
  '    """Keras\'s RMSprop: v = rho * v + (1 - rho) * g * g; w -= lr * g / sqrt(v + eps)."""',
  '',
  '    def __init__(self, params, lr, rho, eps):',
  '        super().__init__(params, dict(lr=lr, rho=rho, eps=eps))',
  '',
  '    @torch.no_grad()',
  '    def step(self):',
  '        for group in self.param_groups:',
  '            for p in group["params"]:',
  '                if p.grad is None:',
  '                    continue',
  '                v = self.state[p].setdefault("v", torch.zeros_like(p))',
  '                v.mul_(group["rho"]).addcmul_(p.grad, p.grad, value=1 - group["rho"])',
  '                p.addcdiv_(p.grad, (v + group["eps"]).sqrt(), value=-group["lr"])',
  '',
  ''];

const ADAM = ['',
  '',
  'class Adam(torch.optim.Optimizer):',
  '    """Keras\'s Adam (AdamW with a weight decay): w -= lr * weight_decay * w;',
  '    m = b1 * m + (1 - b1) * g; v = b2 * v + (1 - b2) * g * g;',
  '    w -= lr * sqrt(1 - b2 ** t) / (1 - b1 ** t) * m / (sqrt(v) + eps) at step t.',
  '    torch.optim.Adam adds eps to the bias-corrected sqrt(v) instead."""',
  '',
  '    def __init__(self, params, lr, betas, eps, weight_decay=0.0):',
  '        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))',
  '',
  '    @torch.no_grad()',
  '    def step(self):',
  '        for group in self.param_groups:',
  '            (b1, b2), lr = group["betas"], group["lr"]',
  '            for p in group["params"]:',
  '                if p.grad is None:',
  '                    continue',
  '                state = self.state[p]',
  '                if not state:',
  '                    state.update(t=0, m=torch.zeros_like(p), v=torch.zeros_like(p))',
  '                state["t"] += 1',
  '                p.mul_(1 - lr * group["weight_decay"])',
  '                state["m"].mul_(b1).add_(p.grad, alpha=1 - b1)',
  '                state["v"].mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)',
  '                step_size = lr * (1 - b2 ** state["t"]) ** 0.5 / (1 - b1 ** state["t"])',
  '                p.addcdiv_(state["m"], state["v"].sqrt().add_(group["eps"]), value=-step_size)',
  '',
  ''];

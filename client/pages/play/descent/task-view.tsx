/**
 * The task as everyone may see it: the neuron, its loss and update rule as formulas, and the
 * data points (with the forward values at the team's parameters when the phone has them).
 */
import './descent-common.css';
import type { PublicDescentTask } from '../../../../shared/engine/descent.ts';
import type { DescentTeamView } from '../../../../shared/protocol/index.ts';
import { useI18n } from '../../../app-context.ts';
import { MathTex } from '../../../components/math/index.tsx';
import { showNumber } from './descent-format.ts';

/** z = w·x + b, y = σ(z) (or y = z), the mean squared error over the points. */
export function NeuronFormulas({ task }: { task: PublicDescentTask }) {
  const n = task.points.length;
  const loss = n === 1 ? 'L = \\tfrac{1}{2}(y - y_{\\text{true}})^2' : `L = \\tfrac{1}{${n}}\\sum_{i=1}^{${n}} \\tfrac{1}{2}(y_i - y_{\\text{true},i})^2`;
  return (
    <p class="descent-formulas">
      <MathTex tex={task.inputs === 2 ? 'z = w_1 x_1 + w_2 x_2 + b' : 'z = w \\cdot x + b'} />
      <MathTex tex={task.activation === 'sigmoid' ? 'y = \\sigma(z) = \\frac{1}{1 + e^{-z}}' : 'y = z'} />
      <MathTex tex={loss} />
    </p>
  );
}

/** The gradient and update formulas, for a team that wants them (collapsed: working them out is the game). */
export function StepFormulas({ task }: { task: PublicDescentTask }) {
  const { t } = useI18n();
  const n = task.points.length;
  const mean = n === 1 ? '' : `\\tfrac{1}{${n}}\\sum_i `;
  const i = n === 1 ? '' : '_i';
  const truth = n === 1 ? 'y_{\\text{true}}' : 'y_{\\text{true},i}';
  const local = task.activation === 'sigmoid' ? `\\cdot y${i}(1 - y${i})` : '';
  // Two inputs: each weight's gradient takes the input that weight multiplies (x₁ for w₁, x₂ for w₂).
  const weights = task.inputs === 2 ? ([['w_1', 'x_{1'], ['w_2', 'x_{2']] as const) : ([['w', 'x']] as const);
  const input = (x: string) => (x === 'x' ? `x${i}` : `${x}${n === 1 ? '' : ',i'}}`);
  return (
    <details class="descent-hint">
      <summary>{t('descent.hint.title')}</summary>
      <p>
        {weights.map(([w, x]) => (
          <MathTex key={w} tex={`\\frac{dL}{d${w}} = ${mean}(y${i} - ${truth}) ${local} \\cdot ${input(x)}`} display />
        ))}
        {task.trainBias && <MathTex tex={`\\frac{dL}{db} = ${mean}(y${i} - ${truth}) ${local}`} display />}
        {weights.map(([w]) => (
          <MathTex key={w} tex={`${w}' = ${w} - \\eta \\cdot \\frac{dL}{d${w}}`} display />
        ))}
        {task.trainBias && <MathTex tex="b' = b - \eta \cdot \frac{dL}{db}" display />}
      </p>
      <p class="muted">{t(task.activation === 'sigmoid' ? 'descent.hint.sigmoid' : 'descent.hint.linear')}</p>
    </details>
  );
}

/** The data points, with z and y at the team's current parameters when given ("计算误差"). */
export function PointsTable({ task, forward, caption }: { task: PublicDescentTask; forward: DescentTeamView['forward']; caption: string }) {
  const { t } = useI18n();
  return (
    <table class={`descent-points${task.inputs === 2 ? ' descent-points--two' : ''}`} data-testid="descent-points">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {task.points.length > 1 && <th scope="col">{t('descent.points.point')}</th>}
          {task.inputs === 2 ? (
            <>
              <th scope="col">
                <MathTex tex="x_1" />
              </th>
              <th scope="col">
                <MathTex tex="x_2" />
              </th>
            </>
          ) : (
            <th scope="col">
              <MathTex tex="x" />
            </th>
          )}
          <th scope="col">
            <MathTex tex={"y_{\\text{true}}"} />
          </th>
          {forward && (
            <th scope="col">
              <MathTex tex="z" />
            </th>
          )}
          {forward && (
            <th scope="col">
              <MathTex tex="y" />
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {task.points.map((point, i) => {
          const f = forward?.[i];
          return (
            <tr key={i}>
              {task.points.length > 1 && <th scope="row">{i + 1}</th>}
              <td>{showNumber(point.x)}</td>
              {task.inputs === 2 && <td>{showNumber(point.x2 ?? Number.NaN)}</td>}
              <td>{showNumber(point.t)}</td>
              {forward && <td>{f ? showNumber(f.z) : ''}</td>}
              {forward && <td>{f ? showNumber(f.y) : ''}</td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

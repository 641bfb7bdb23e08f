package org.nas4j.bench.strategy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nas4j.core.UserError;

/**
 * The chart of {@code nas benchmark --chart}: for every strategy, the mean over seeds of the best-so-far curve,
 * drawn as its distance to the table's optimum on a log scale (so the last tenths of a point stay visible), with
 * XChart, as SVG or PNG after the file's extension.
 */
final class BenchmarkChart {
    /** Where a mean run found the optimum: the log scale needs a positive floor. */
    private static final double FLOOR = 1e-4;

    private BenchmarkChart() {}

    static void write(Path file, String title, double optimum, Map<String, List<double[]>> curves) throws IOException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!name.endsWith(".svg") && !name.endsWith(".png")) {
            throw new UserError("--chart " + file + ": name a .svg or .png file");
        }
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle("unique evaluations")
                .yAxisTitle("optimum - mean best so far").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("0.####");
        curves.forEach((strategy, runs) -> {
            int n = runs.get(0).length;
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = i + 1;
                double mean = 0;
                for (double[] run : runs) {
                    mean += run[i] / runs.size();
                }
                y[i] = Math.max(FLOOR, optimum - mean);
            }
            chart.addSeries(strategy, x, y).setMarker(SeriesMarkers.NONE);
        });
        if (name.endsWith(".svg")) {
            VectorGraphicsEncoder.saveVectorGraphic(chart, file.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } else {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        }
    }
}

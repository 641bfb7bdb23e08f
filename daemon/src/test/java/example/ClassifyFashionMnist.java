package example;

import java.io.DataInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.util.zip.GZIPInputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Loads a model exported by nas4j with plain DL4J and classifies one Fashion-MNIST test image.
 * Usage: ClassifyFashionMnist EXPORT_DIR [IMAGE_INDEX] [IMAGES_FILE]
 */
public class ClassifyFashionMnist {
    static final String[] CLASSES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

    public static void main(String[] args) throws Exception {
        File dir = new File(args[0]);
        int index = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        String images = args.length > 2 ? args[2] : "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";

        ComputationGraph model = ComputationGraph.load(new File(dir, "model.zip"), false);
        JsonNode norm = new ObjectMapper().readTree(new File(dir, "normalization.json"));
        float mean = (float) norm.get("mean").get(0).asDouble();
        float std = (float) norm.get("std").get(0).asDouble();

        float[] pixels = new float[28 * 28];
        try (var in = new DataInputStream(new GZIPInputStream(new FileInputStream(images)))) {
            in.skipNBytes(16 + (long) index * pixels.length); // IDX header, then earlier images
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (in.readUnsignedByte() / 255f - mean) / std;
            }
        }
        INDArray probabilities = model.outputSingle(Nd4j.create(pixels, new long[] {1, 1, 28, 28}));
        int best = probabilities.argMax(1).getInt(0);
        System.out.printf("image %d: %s (p = %.3f)%n", index, CLASSES[best], probabilities.getFloat(0, best));
    }
}

package dev.bindery.bindnet.internal;

import dev.bindery.api.InvalidInputException;
import dev.bindery.api.bind.BindNetwork;
import dev.bindery.bindnet.BindNetworkModel;

/** The {@link BindNetwork} service over a loaded {@link BindNetworkModel}: checks each query, then projects it. */
public final class BindNetworkService implements BindNetwork {
    private final String modelId;
    private final BindNetworkModel model;

    public BindNetworkService(String modelId, BindNetworkModel model) {
        this.modelId = modelId;
        this.model = model;
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public int inputDimension() {
        return model.inputDimension();
    }

    @Override
    public int outputDimension() {
        return model.outputDimension();
    }

    @Override
    public float[] project(float[] query) throws InvalidInputException {
        if (query == null) {
            throw new InvalidInputException("the bind network " + modelId + " got no query");
        }
        if (query.length != model.inputDimension()) {
            throw new InvalidInputException("the bind network " + modelId + " takes " + model.inputDimension()
                    + "-d queries, not " + query.length + "-d ones (embedding model and adapter do not match)");
        }
        for (int i = 0; i < query.length; i++) {
            if (!Float.isFinite(query[i])) {
                throw new InvalidInputException("the query for the bind network " + modelId + " holds " + query[i]
                        + " at index " + i);
            }
        }
        return model.project(query);
    }

    /** The model behind the service. */
    public BindNetworkModel model() {
        return model;
    }

    @Override
    public String toString() {
        return modelId + ": " + model;
    }
}
